package se.nyckelfri.platform.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.platform.NyckelfriPlatform;
import se.nyckelfri.platform.testsupport.Api;
import se.nyckelfri.platform.testsupport.TestTokens;

/**
 * With {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} set, the APIs trust that external OIDC provider
 * (here WireMock serving a discovery document and a JWKS, as Keycloak or Entra ID would) and nothing else, for the
 * configured audience only; the embedded provider is off.
 */
@SpringBootTest(classes = NyckelfriPlatform.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "nyckelfri.demo.enabled=false")
class ExternalIdentityProviderTest {

    /** The audience the municipality's provider writes into access tokens for Nyckelfri's APIs. */
    private static final String API_AUDIENCE = "https://nyckelfri.kommun.example/api";
    private static final WireMockServer IDP = new WireMockServer(wireMockConfig().dynamicPort());
    private static final ECKey IDP_KEY;
    private static String issuer;

    static {
        try {
            IDP_KEY = new ECKeyGenerator(Curve.P_256).keyID("kommun-2026").generate();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        IDP.start();
        issuer = "http://localhost:" + IDP.port() + "/realms/kommun";
        IDP.stubFor(get(urlEqualTo("/realms/kommun/.well-known/openid-configuration")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"issuer": "%1$s", "jwks_uri": "%1$s/protocol/openid-connect/certs",
                         "authorization_endpoint": "%1$s/protocol/openid-connect/auth",
                         "token_endpoint": "%1$s/protocol/openid-connect/token",
                         "response_types_supported": ["code"], "subject_types_supported": ["public"],
                         "id_token_signing_alg_values_supported": ["ES256"]}""".formatted(issuer))));
        IDP.stubFor(get(urlEqualTo("/realms/kommun/protocol/openid-connect/certs")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(IDP_KEY.toPublicJWK()).toString())));
    }

    @DynamicPropertySource
    static void externalIdp(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> API_AUDIENCE);
        registry.add("nyckelfri.data-dir", Files.createTempDirectory("nyckelfri-ext-")::toString);
    }

    @AfterAll
    static void stop() {
        IDP.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    Accounts accounts;
    Api api;
    String subject;

    @BeforeEach
    void account() {
        api = new Api("http://localhost:" + port);
        subject = "f3c1e2a4-" + System.nanoTime();
        accounts.create(subject, "U-EXT" + System.nanoTime() % 1_000_000, Role.AUDITOR, null, Set.of());
    }

    @Test
    void tokenWhenSignedByExternalProviderThenAccepted() {
        Api.Response response = api.get("/api/v1/organisation", TestTokens.sign(claims(issuer).build(), IDP_KEY));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        IDP.verify(getRequestedFor(urlEqualTo("/realms/kommun/.well-known/openid-configuration")));
        IDP.verify(getRequestedFor(urlEqualTo("/realms/kommun/protocol/openid-connect/certs")));
    }

    @Test
    void tokenWhenTypedJwtAsKeycloakAndEntraWriteThenAccepted() {
        Api.Response response = api.get("/api/v1/organisation",
                TestTokens.sign(claims(issuer).build(), IDP_KEY, JOSEObjectType.JWT));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
    }

    @Test
    void tokenWhenForAnotherAudienceThenRefused() {
        // What the provider gives any of its applications: an identity token for the app itself, or an access token
        // for another API of the municipality.
        assertThat(api.get("/api/v1/organisation", TestTokens.sign(claims(issuer).audience("hemtjanst-app").build(),
                IDP_KEY, JOSEObjectType.JWT)).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/organisation", TestTokens.sign(claims(issuer).audience((String) null).build(),
                IDP_KEY)).status()).isEqualTo(401);
    }

    @Test
    void tokenWhenSignedByAnotherKeyThenRefused() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(IDP_KEY.getKeyID()).generate();
        assertThat(api.get("/api/v1/organisation", TestTokens.sign(claims(issuer).build(), other)).status()).isEqualTo(401);
    }

    @Test
    void tokenWhenIssuerDiffersThenRefused() {
        assertThat(api.get("/api/v1/organisation",
                TestTokens.sign(claims("http://localhost:" + port).build(), IDP_KEY)).status()).isEqualTo(401);
    }

    @Test
    void tokenWhenHmacWithTheProvidersPublicKeyThenRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(IDP_KEY.getKeyID()).build(),
                claims(issuer).build());
        jwt.sign(new MACSigner(IDP_KEY.toECPublicKey().getEncoded()));
        assertThat(api.get("/api/v1/organisation", jwt.serialize()).status()).isEqualTo(401);
    }

    @Test
    void tokenWhenExpiredThenRefused() {
        Instant past = Instant.now().minusSeconds(3600);
        assertThat(api.get("/api/v1/organisation", TestTokens.sign(claims(issuer).issueTime(Date.from(past))
                .notBeforeTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build(), IDP_KEY))
                .status()).isEqualTo(401);
    }

    @Test
    void embeddedProviderWhenExternalConfiguredThenNotServed() {
        assertThat(api.get("/oauth2/jwks", null).status()).isNotEqualTo(200);
        assertThat(api.get("/.well-known/openid-configuration", null).status()).isNotEqualTo(200);
    }

    private JWTClaimsSet.Builder claims(String iss) {
        return TestTokens.claims(subject).issuer(iss).audience(API_AUDIENCE);
    }
}
