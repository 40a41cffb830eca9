package se.nyckelfri.access.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import se.nyckelfri.lock.fixtures.clock.MutableClock;

class VerifiedTokensTest {

    static final String ISSUER = "https://idp.test";
    // Now, not a fixed instant: the standard validators also check the tokens against the system clock.
    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final AtomicInteger verifications = new AtomicInteger();
    ECKey key;
    VerifiedTokens tokens;

    @BeforeEach
    void setUp() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(TokenValidators.CLOCK_SKEW);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = new org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator<>(
                List.of(timestamps, TokenValidators.standard(ISSUER, List.of("api"), List.of())));
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        processor.setJWSVerifierFactory(TokenSignatures.bouncyCastleVerifiers());
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        NimbusJwtDecoder nimbus = new NimbusJwtDecoder(processor);
        nimbus.setJwtValidator(validator);
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
        tokens = new VerifiedTokens(counting, validator, clock, 3);
    }

    @Test
    void decodeWhenSameTokenAgainThenSignatureNotVerifiedAgain() throws Exception {
        String token = token(Duration.ofMinutes(10));

        assertThat(tokens.decode(token).getSubject()).isEqualTo("anna");
        assertThat(tokens.decode(token).getSubject()).isEqualTo("anna");

        assertThat(verifications).hasValue(1);
    }

    @Test
    void decodeWhenCachedTokenExpiresThenRefused() throws Exception {
        String token = token(Duration.ofMinutes(2));
        tokens.decode(token);

        clock.advance(Duration.ofMinutes(2).plus(TokenValidators.CLOCK_SKEW).plusSeconds(1));

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void decodeWhenOneCharacterDiffersThenVerifiedAndRefused() throws Exception {
        String token = token(Duration.ofMinutes(10));
        tokens.decode(token);
        // A character inside the signature: the last one of a base64url segment carries padding bits, so changing
        // it may leave the decoded bytes (and the signature) as they were.
        int at = token.length() - 10;
        char was = token.charAt(at);
        String altered = token.substring(0, at) + (was == 'A' ? 'B' : 'A') + token.substring(at + 1);

        assertThatThrownBy(() -> tokens.decode(altered)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void decodeWhenCachedLongerThanMaxAgeThenVerifiedAgain() throws Exception {
        String token = token(Duration.ofMinutes(30));
        tokens.decode(token);

        clock.advance(VerifiedTokens.MAX_AGE.plusSeconds(1));
        tokens.decode(token);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void decodeWhenCacheFullThenStillCorrectAndBounded() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(tokens.decode(token(Duration.ofMinutes(10 + i))).getSubject()).isEqualTo("anna");
        }
        assertThat(verifications).hasValue(10);
    }

    @Test
    void decodeWhenNullThenRefused() {
        assertThatThrownBy(() -> tokens.decode(null)).isInstanceOf(BadJwtException.class);
    }

    private String token(Duration lifetime) throws Exception {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject("anna").issuer(ISSUER).audience("api").issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(lifetime))).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
