package se.nyckelfri.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientInformation;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * A relying party built with a standard OpenID Connect library (Nimbus OAuth 2.0 SDK with OpenID Connect
 * extensions), used as its documentation shows and with its defaults: provider metadata from discovery, an
 * authentication request with state, nonce and PKCE, the code exchanged, the ID token validated by the validator
 * the library builds from the provider's metadata and the client's registration, and the UserInfo endpoint called.
 * The client's metadata is the library's defaults, as a client that registers nothing but its redirect has: among them
 * {@code id_token_signed_response_alg} RS256, which OpenID Connect makes every provider support.
 *
 * <p>The test issuer is {@code https://idp.nyckelfri.test}, which no resolver knows; requests to it are sent to the
 * platform under test, as a split-horizon DNS would (the endpoints' paths are kept, only scheme, host and port change).
 */
class StandardOidcClientTest extends PlatformIntegrationTest {

    private static final ClientID CLIENT = new ClientID("nyckelfri-cli");
    private static final URI REDIRECT = URI.create("http://127.0.0.1:8765/callback");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder passwords;

    @Test
    void relyingPartyWhenSigningInWithALibrarysDefaultsThenValidatesTheIdTokenAndReadsUserInfo() throws Exception {
        World world = worlds.create();
        jdbc.update("INSERT INTO login_credential (subject, password_hash) VALUES (?, ?)", world.a().staff(),
                passwords.encode("correct horse"));
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HTTPRequest discovery = new HTTPRequest(HTTPRequest.Method.GET, here(URI.create(ISSUER + "/.well-known/openid-configuration")));
        OIDCProviderMetadata provider = OIDCProviderMetadata.parse(discovery.send().getContentAsJSONObject());
        assertThat(provider.getIssuer().getValue()).isEqualTo(ISSUER);
        assertThat(provider.getIDTokenJWSAlgs()).as("what discovery says is what the tokens are").containsExactly(JWSAlgorithm.RS256);
        provider.setAuthorizationEndpointURI(here(provider.getAuthorizationEndpointURI()));
        provider.setTokenEndpointURI(here(provider.getTokenEndpointURI()));
        provider.setJWKSetURI(here(provider.getJWKSetURI()));
        provider.setUserInfoEndpointURI(here(provider.getUserInfoEndpointURI()));

        OIDCClientMetadata registered = new OIDCClientMetadata();
        registered.setRedirectionURI(REDIRECT);
        registered.applyDefaults();
        assertThat(registered.getIDTokenJWSAlg()).as("the library's default").isEqualTo(JWSAlgorithm.RS256);
        // Built before signing in, as a relying party does at start-up: this is what refused a provider whose
        // discovery and tokens did not offer the default ("The OpenID Provider doesn't support RS256 ID tokens").
        IDTokenValidator validator = IDTokenValidator.create(provider, new OIDCClientInformation(CLIENT, null, registered, null));

        signIn(browser, world.a().staff(), "correct horse");
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        URI authentication = new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new Scope("openid"),
                CLIENT, REDIRECT).endpointURI(provider.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
        HttpResponse<String> redirected = browser.send(HttpRequest.newBuilder(authentication).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        AuthenticationResponse answer = AuthenticationResponseParser.parse(
                URI.create(redirected.headers().firstValue("Location").orElseThrow()));
        assertThat(answer.indicatesSuccess()).as(answer.toString()).isTrue();
        assertThat(answer.getState()).isEqualTo(state);
        AuthorizationCode code = answer.toSuccessResponse().getAuthorizationCode();

        TokenRequest exchange = new TokenRequest(provider.getTokenEndpointURI(), CLIENT,
                new AuthorizationCodeGrant(code, REDIRECT, verifier));
        OIDCTokenResponse tokens = (OIDCTokenResponse) OIDCTokenResponseParser.parse(exchange.toHTTPRequest().send())
                .toSuccessResponse();
        IDTokenClaimsSet idToken = validator.validate(tokens.getOIDCTokens().getIDToken(), nonce);
        assertThat(idToken.getSubject().getValue()).isEqualTo(world.a().staff());
        assertThat(idToken.getAudience()).extracting(Object::toString).containsExactly(CLIENT.getValue());

        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(provider.getUserInfoEndpointURI(),
                (BearerAccessToken) tokens.getOIDCTokens().getAccessToken()).toHTTPRequest().send());
        assertThat(userInfo.indicatesSuccess()).as(String.valueOf(userInfo)).isTrue();
        assertThat(userInfo.toSuccessResponse().getUserInfo().getSubject().getValue()).isEqualTo(world.a().staff());
    }

    /** The issuer's address, answered by the platform under test. */
    private URI here(URI atIssuer) {
        return URI.create("http://localhost:" + port + atIssuer.getRawPath()
                + (atIssuer.getRawQuery() == null ? "" : "?" + atIssuer.getRawQuery()));
    }

    private void signIn(HttpClient browser, String username, String password) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(here(URI.create(ISSUER + "/login"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("login page has a CSRF token").isTrue();
        String form = Map.of("username", username, "password", password, "_csrf", csrf.group(1)).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(here(URI.create(ISSUER + "/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }
}
