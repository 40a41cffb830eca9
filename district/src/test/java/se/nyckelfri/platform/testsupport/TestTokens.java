package se.nyckelfri.platform.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Mints access tokens signed with the embedded identity provider's own key, as it would after a sign-in, so that
 * tests need not go through the login form each time (one test does: AuthorizationCodeFlowTest): an RFC 9068
 * access token ({@code typ: at+jwt}) for the APIs' audience.
 */
public class TestTokens {

    /** The audience the embedded provider gives access tokens for the APIs. */
    public static final String API_AUDIENCE = "nyckelfri-api";
    /** The header type of an access token (RFC 9068). */
    public static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

    private final ECKey key;

    public TestTokens(JWKSource<SecurityContext> keys) throws Exception {
        this.key = (ECKey) keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null).get(0);
    }

    /** A valid 15-minute token for {@code subject}. */
    public String forSubject(String subject) {
        return sign(claims(subject).build(), key);
    }

    /** A token for {@code subject} whose claims {@code change} alters, signed with the provider's key. */
    public String forSubject(String subject, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims(subject)).build(), key);
    }

    public ECKey providerKey() {
        return key;
    }

    public static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(PlatformIntegrationTest.ISSUER)
                .subject(subject)
                .audience(API_AUDIENCE)
                .claim("client_id", "nyckelfri-cli")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString());
    }

    /** {@code claims} as an access token signed with {@code key}. */
    public static String sign(JWTClaimsSet claims, ECKey key) {
        return sign(claims, key, ACCESS_TOKEN);
    }

    /** {@code claims} signed with {@code key}, header type {@code type} ({@code null}: no type). */
    public static String sign(JWTClaimsSet claims, ECKey key, JOSEObjectType type) {
        try {
            JWSSigner signer = new ECDSASigner(key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(type).build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
