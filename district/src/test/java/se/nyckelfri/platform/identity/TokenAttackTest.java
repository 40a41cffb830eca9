package se.nyckelfri.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;
import se.nyckelfri.platform.testsupport.TestTokens;

/** Forged, altered, stale and foreign tokens are all refused with 401 problem+json; a good one is accepted. */
class TokenAttackTest extends PlatformIntegrationTest {

    World world;
    String subject;

    @BeforeEach
    void world() {
        world = worlds.create();
        subject = world.a().manager();
    }

    @Test
    void tokenWhenValidThenAccepted() {
        assertThat(api.get("/api/v1/organisation", tokens.forSubject(subject)).status()).isEqualTo(200);
    }

    @Test
    void tokenWhenAlgNoneThenRefused() {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = base64(TestTokens.claims(subject).build().toString());
        assertRefused(header + "." + claims + ".");
    }

    @Test
    void tokenWhenHmacSignedWithThePublicKeyThenRefused() throws Exception {
        byte[] publicKey = tokens.providerKey().toECPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(tokens.providerKey().getKeyID()).build(),
                TestTokens.claims(subject).build());
        jwt.sign(new MACSigner(publicKey));
        assertRefused(jwt.serialize());
    }

    @Test
    void tokenWhenSignedByUnknownKeyThenRefusedEvenWithTheProvidersKeyId() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(tokens.providerKey().getKeyID()).generate();
        assertRefused(TestTokens.sign(TestTokens.claims(subject).build(), stranger));
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("someone-else").generate();
        assertRefused(TestTokens.sign(TestTokens.claims(subject).build(), other));
    }

    @Test
    void tokenWhenRs256ThenRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID(tokens.providerKey().getKeyID()).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                TestTokens.claims(subject).build());
        jwt.sign(new RSASSASigner(rsa));
        assertRefused(jwt.serialize());
    }

    @Test
    void tokenWhenExpiredThenRefused() {
        Instant past = Instant.now().minusSeconds(600);
        assertRefused(tokens.forSubject(subject, c -> c.issueTime(Date.from(past.minusSeconds(900)))
                .notBeforeTime(Date.from(past.minusSeconds(900))).expirationTime(Date.from(past))));
    }

    @Test
    void tokenWhenNotYetValidThenRefused() {
        Instant future = Instant.now().plusSeconds(600);
        assertRefused(tokens.forSubject(subject, c -> c.notBeforeTime(Date.from(future))
                .expirationTime(Date.from(future.plusSeconds(900)))));
    }

    @Test
    void tokenWhenWithoutExpiryThenRefused() {
        assertRefused(tokens.forSubject(subject, c -> c.expirationTime(null)));
    }

    @Test
    void tokenWhenFromAnotherIssuerThenRefused() {
        assertRefused(tokens.forSubject(subject, c -> c.issuer("https://evil.example")));
    }

    @Test
    void tokenWhenAudienceIsAnotherClientThenRefused() {
        assertRefused(tokens.forSubject(subject, c -> c.audience("nyckelfri-console")));
        assertRefused(tokens.forSubject(subject, c -> c.audience("nyckelfri-mobile")));
    }

    @Test
    void tokenWhenWithoutAudienceThenRefused() {
        assertRefused(tokens.forSubject(subject, c -> c.audience((String) null)));
    }

    @Test
    void tokenWhenNotTypedAsAnAccessTokenThenRefused() {
        assertRefused(TestTokens.sign(TestTokens.claims(subject).build(), tokens.providerKey(), JOSEObjectType.JWT));
        assertRefused(TestTokens.sign(TestTokens.claims(subject).build(), tokens.providerKey(), null));
    }

    @Test
    void tokenWhenPayloadAlteredAfterSigningThenRefused() {
        String[] parts = tokens.forSubject(world.a().staff()).split("\\.");
        String promoted = base64(TestTokens.claims(world.admin()).build().toString());
        assertRefused(parts[0] + "." + promoted + "." + parts[2]);
    }

    @Test
    void tokenWhenSubjectHasNoAccountThenRefused() {
        assertRefused(tokens.forSubject("nobody-" + System.nanoTime()));
    }

    @Test
    void tokenWhenGarbageThenRefused() {
        assertRefused("not.a.token");
        assertRefused("eyJhbGciOiJFUzI1NiJ9");
    }

    private void assertRefused(String token) {
        Response response = api.get("/api/v1/organisation", token);
        assertThat(response.status()).as(response.raw()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.body().get("type").asText()).endsWith("/unauthenticated");
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
