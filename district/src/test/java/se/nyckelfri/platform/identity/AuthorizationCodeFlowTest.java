package se.nyckelfri.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.platform.testsupport.Api;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The staff app's sign-in as a real client performs it against the embedded identity provider: login form,
 * authorization code with PKCE (S256), token exchange; then the token works on the API.
 */
class AuthorizationCodeFlowTest extends PlatformIntegrationTest {

    private static final String CLIENT = "nyckelfri-cli";
    private static final String REDIRECT = "http://127.0.0.1:8765/callback";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder passwords;
    World world;
    HttpClient browser;

    @BeforeEach
    void world() {
        world = worlds.create();
        jdbc.update("INSERT INTO login_credential (subject, password_hash) VALUES (?, ?)", world.a().staff(),
                passwords.encode("correct horse"));
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void signInWhenPkceThenEs256TokenThatTheApiAccepts() throws Exception {
        String verifier = randomVerifier();
        signIn(world.a().staff(), "correct horse");
        String code = authorize(challenge(verifier));
        HttpResponse<String> tokenResponse = exchange(code, verifier);
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        JsonNode tokenJson = Api.JSON.readTree(tokenResponse.body());
        String accessToken = tokenJson.get("access_token").asText();

        SignedJWT jwt = SignedJWT.parse(accessToken);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("nyckelfri-api");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(ISSUER);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(world.a().staff());
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("STAFF");
        SignedJWT idToken = SignedJWT.parse(tokenJson.get("id_token").asText());
        assertThat(idToken.getHeader().getAlgorithm().getName()).as("OpenID Connect's default for ID tokens").isEqualTo("RS256");
        assertThat(idToken.getJWTClaimsSet().getExpirationTime().getTime() - idToken.getJWTClaimsSet().getIssueTime().getTime())
                .as("an ID token lives no longer than an access token").isLessThanOrEqualTo(15 * 60 * 1000L);

        Api.Response me = api.get("/api/v1/me", accessToken);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("staffMemberId").asText()).isEqualTo(world.a().staffId().toString());
    }

    @Test
    void idTokenWhenUsedAsBearerTokenThenRefused() throws Exception {
        JsonNode tokens = signInAndExchange();
        assertThat(api.get("/api/v1/me", tokens.get("access_token").asText()).status()).isEqualTo(200);
        assertUnauthenticated(api.get("/api/v1/me", tokens.get("id_token").asText()));
    }

    @Test
    void consoleAccessTokenWhenUsedOnTheApiThenRefused() throws Exception {
        String verifier = randomVerifier();
        signIn(world.a().staff(), "correct horse");
        String consoleRedirect = ISSUER + "/login/oauth2/code/nyckelfri";
        HttpResponse<String> authorize = browser.send(HttpRequest.newBuilder(uri("/oauth2/authorize?" + form(Map.of(
                "response_type", "code", "client_id", "nyckelfri-console", "redirect_uri", consoleRedirect,
                "scope", "openid", "code_challenge", challenge(verifier), "code_challenge_method", "S256")))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(authorize.headers().firstValue("Location").orElse(""));
        assertThat(code.find()).as(authorize.headers().toString()).isTrue();
        String basic = Base64.getEncoder().encodeToString(("nyckelfri-console:" + Files.readString(
                dataDir().resolve("keys/console-client-secret"))).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> exchanged = browser.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8), "redirect_uri", consoleRedirect,
                        "code_verifier", verifier))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
        String consoleToken = Api.JSON.readTree(exchanged.body()).get("access_token").asText();

        assertUnauthenticated(api.get("/api/v1/me", consoleToken));
    }

    @Test
    void accessTokenWhenRevokedByItsClientThenRefusedAtOnce() throws Exception {
        String accessToken = signInAndExchange().get("access_token").asText();
        assertThat(api.get("/api/v1/me", accessToken).status()).isEqualTo(200);

        HttpResponse<String> revoked = browser.send(HttpRequest.newBuilder(uri("/oauth2/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", accessToken, "client_id", CLIENT,
                        "token_type_hint", "access_token"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        assertUnauthenticated(api.get("/api/v1/me", accessToken));
    }

    @Test
    void revocationWhenAskedByAnotherClientThenRefusedAndTokenStillValid() throws Exception {
        String accessToken = signInAndExchange().get("access_token").asText();
        HttpResponse<String> revoked = browser.send(HttpRequest.newBuilder(uri("/oauth2/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", accessToken, "client_id", "nyckelfri-mobile"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(400);
        assertThat(api.get("/api/v1/me", accessToken).status()).isEqualTo(200);
    }

    private JsonNode signInAndExchange() throws Exception {
        String verifier = randomVerifier();
        signIn(world.a().staff(), "correct horse");
        HttpResponse<String> response = exchange(authorize(challenge(verifier)), verifier);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Api.JSON.readTree(response.body());
    }

    private static void assertUnauthenticated(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.body().get("type").asText()).endsWith("/unauthenticated");
    }

    @Test
    void exchangeWhenVerifierDoesNotMatchThenRefused() throws Exception {
        signIn(world.a().staff(), "correct horse");
        String code = authorize(challenge(randomVerifier()));
        HttpResponse<String> response = exchange(code, randomVerifier());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_grant");
    }

    @Test
    void authorizeWhenNoPkceChallengeThenNoCode() throws Exception {
        signIn(world.a().staff(), "correct horse");
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(uri("/oauth2/authorize?" + form(Map.of(
                "response_type", "code", "client_id", CLIENT, "redirect_uri", REDIRECT, "scope", "openid")))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElse("");
        assertThat(location).doesNotContain("code=").contains("error=invalid_request");
    }

    @Test
    void signInWhenWrongPasswordThenNoSession() throws Exception {
        HttpResponse<String> login = signIn(world.a().staff(), "wrong");
        assertThat(login.headers().firstValue("Location").orElse("")).contains("/login?error");
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(uri("/oauth2/authorize?" + form(Map.of(
                "response_type", "code", "client_id", CLIENT, "redirect_uri", REDIRECT, "scope", "openid",
                "code_challenge", challenge(randomVerifier()), "code_challenge_method", "S256")))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Location").orElse("")).contains("/login").doesNotContain("code=");
    }

    @Test
    void signingKeyWhenStoredThenOwnerOnlyAndReusedAcrossStarts() throws Exception {
        var file = dataDir().resolve("keys/identity-signing.jwk");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SigningKeys.loadOrCreate(dataDir()).getKeyID()).isEqualTo(tokens.providerKey().getKeyID());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir().resolve("keys/personal-data.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void consoleClientWhenAuthenticatingThenOnlyItsGeneratedSecretIsAccepted() throws Exception {
        var secretFile = dataDir().resolve("keys/console-client-secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        String secret = Files.readString(secretFile);
        HttpResponse<String> wrong = consoleTokenRequest("not-the-secret");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("invalid_client");
        HttpResponse<String> right = consoleTokenRequest(secret);
        assertThat(right.statusCode()).as("client authenticated; only the made-up code is wrong").isEqualTo(400);
        assertThat(right.body()).contains("invalid_grant");
    }

    private HttpResponse<String> consoleTokenRequest(String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("nyckelfri-console:" + secret).getBytes(StandardCharsets.UTF_8));
        return browser.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", "made-up", "redirect_uri", ISSUER + "/login/oauth2/code/nyckelfri", "code_verifier",
                        randomVerifier()))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void discoveryWhenFetchedThenAdvertisesRs256IdTokensAndPkce() throws Exception {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(uri("/.well-known/openid-configuration")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode discovery = Api.JSON.readTree(response.body());
        assertThat(discovery.get("issuer").asText()).isEqualTo(ISSUER);
        assertThat(discovery.get("code_challenge_methods_supported").toString()).contains("S256");
        assertThat(discovery.get("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
        assertThat(discovery.get("token_endpoint_auth_methods_supported").toString()).as("public clients use PKCE alone")
                .contains("\"none\"", "\"client_secret_basic\"");
        HttpResponse<String> jwks = browser.send(HttpRequest.newBuilder(uri("/oauth2/jwks")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode keys = Api.JSON.readTree(jwks.body()).get("keys");
        assertThat(keys).hasSize(2);
        for (JsonNode key : keys) {
            assertThat(key.get("use").asText()).isEqualTo("sig");
            assertThat(key.has("d")).as("the private part must never be published").isFalse();
            assertThat(key.has("p")).as("nor an RSA key's primes").isFalse();
            if (key.get("kty").asText().equals("EC")) {
                assertThat(key.get("crv").asText()).isEqualTo("P-256");
                assertThat(key.get("alg").asText()).isEqualTo("ES256");
            } else {
                assertThat(key.get("kty").asText()).isEqualTo("RSA");
                assertThat(key.get("alg").asText()).isEqualTo("RS256");
            }
        }
    }

    private HttpResponse<String> signIn(String username, String password) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("login page has a CSRF token").isTrue();
        return browser.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password,
                        "_csrf", csrf.group(1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String authorize(String challenge) throws Exception {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(uri("/oauth2/authorize?" + form(Map.of(
                "response_type", "code", "client_id", CLIENT, "redirect_uri", REDIRECT, "scope", "openid",
                "code_challenge", challenge, "code_challenge_method", "S256")))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertThat(code.find()).as(location).isTrue();
        return URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> exchange(String code, String verifier) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", REDIRECT, "client_id", CLIENT, "code_verifier", verifier))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String randomVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
