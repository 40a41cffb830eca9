package se.nyckelfri.platform.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.TokenSignatures;
import se.nyckelfri.access.actor.TokenValidators;
import se.nyckelfri.access.actor.VerifiedTokens;
import se.nyckelfri.access.system.SecretFiles;
import se.nyckelfri.console.system.ConsoleSecurityConfiguration;

/**
 * The embedded OIDC provider and the matching token decoder for the APIs. Tokens are JWTs signed ES256 with the
 * key from {@link SigningKeys}; the APIs accept ES256 only, from this issuer only, access tokens for the APIs'
 * audience only, and refuse a revoked one on the next request.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedIdentityProviderCondition.class)
class IdentityProviderConfiguration {

    /** The staff app: a public client, authorization code with PKCE, custom-scheme redirect. */
    static final String MOBILE_CLIENT = "nyckelfri-mobile";
    /** The staff web app served by the platform at /app/: a public client, authorization code with PKCE. */
    static final String APP_CLIENT = "nyckelfri-app";
    /** Scripts and curl: a public client with PKCE and a loopback redirect (RFC 8252). */
    static final String CLI_CLIENT = "nyckelfri-cli";
    /** The web console: a confidential client. */
    static final String CONSOLE_CLIENT = "nyckelfri-console";
    /** Where the console's client secret is kept, under the data directory (mode 600). */
    static final String CONSOLE_SECRET_FILE = "keys/console-client-secret";

    /** How long access tokens live; ID tokens too (Spring Authorization Server would give them 30 minutes). */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    /** ID tokens: RS256 (OpenID Connect Core 15.1, and every client's default); access tokens stay ES256. */
    static final SignatureAlgorithm ID_TOKEN_ALGORITHM = SignatureAlgorithm.RS256;
    /** Clients whose access tokens are for the APIs; the console's are for nothing but its own sign-in. */
    static final Set<String> API_CLIENTS = Set.of(MOBILE_CLIENT, CLI_CLIENT, APP_CLIENT);

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerSecurity(HttpSecurity http, RegisteredClientRepository clients,
                                                    AuthorizationServerSettings settings) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, server -> server
                        .oidc(oidc -> oidc
                                .logoutEndpoint(logout -> logout.logoutResponseHandler(IdentityProviderConfiguration::signedOut))
                                // Tell the truth: every ID token is RS256, what OpenID Connect requires a provider
                                // to support and a client assumes by default; see docs/design/identity.md.
                                .providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(
                                        metadata -> metadata.idTokenSigningAlgorithms(algorithms -> {
                                            algorithms.clear();
                                            algorithms.add(ID_TOKEN_ALGORITHM.getName());
                                        }).tokenEndpointAuthenticationMethods(methods -> {
                                            // the public clients (staff app, CLI) authenticate with PKCE alone
                                            if (!methods.contains("none")) {
                                                methods.add("none");
                                            }
                                        }))))
                        .clientAuthentication(clientAuthentication -> clientAuthentication
                                .authenticationConverter(PublicClientRevocation.converter(settings.getTokenRevocationEndpoint()))
                                .authenticationProvider(PublicClientRevocation.provider(clients))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    JWKSource<SecurityContext> identityKeys(@Value("${nyckelfri.data-dir}") Path dataDir) {
        return new ImmutableJWKSet<>(new JWKSet(List.of(SigningKeys.loadOrCreate(dataDir), SigningKeys.loadOrCreateRsa(dataDir))));
    }

    /**
     * The provider's authorization records (in memory), which also remember withdrawn access tokens for the APIs'
     * decoder.
     */
    @Bean
    RevocationRecordingAuthorizations authorizations(Clock clock) {
        return new RevocationRecordingAuthorizations(new InMemoryOAuth2AuthorizationService(), clock);
    }

    /**
     * The APIs' token decoder: ES256 only, keys of this provider only, issuer and lifetime checked, access tokens
     * only ({@code typ: at+jwt}) for the APIs' audience only (so not an identity token, nor the console's access
     * token), and not revoked.
     */
    @Bean
    JwtDecoder embeddedIssuerJwtDecoder(JWKSource<SecurityContext> keys, @Value("${nyckelfri.identity.issuer}") String issuer,
                                        @Value("${nyckelfri.identity.audience}") String audience,
                                        RevocationRecordingAuthorizations authorizations) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        processor.setJWSVerifierFactory(TokenSignatures.bouncyCastleVerifiers());
        // Spring's validators below check the claims and the header type; the processor only verifies the signature.
        processor.setJWSTypeVerifier((type, context) -> { });
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                TokenValidators.standard(issuer, List.of(audience), List.of(TokenValidators.ACCESS_TOKEN_TYPE)),
                authorizations.notWithdrawn());
        return VerifiedTokens.validating(new NimbusJwtDecoder(processor), validator);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${nyckelfri.identity.issuer}") String issuer) {
        return AuthorizationServerSettings.builder().issuer(issuer).build();
    }

    /**
     * ES256 for access tokens, RS256 for ID tokens (each signed by its own key); ID tokens as short-lived as access
     * tokens; access tokens typed {@code at+jwt} with a {@code client_id} claim (RFC 9068), and those of the API clients for the APIs' audience (the console's keep its own client id as audience, so the APIs
     * refuse them).
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenShapes(Accounts accounts, @Value("${nyckelfri.identity.audience}") String audience) {
        return context -> {
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
                String clientId = context.getRegisteredClient().getClientId();
                context.getJwsHeader().type(TokenValidators.ACCESS_TOKEN_TYPE);
                context.getClaims().claim("client_id", clientId);
                if (API_CLIENTS.contains(clientId)) {
                    context.getClaims().audience(List.of(audience));
                }
            } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                context.getJwsHeader().algorithm(ID_TOKEN_ALGORITHM);
                context.getClaims().claims(claims -> {
                    if (claims.get(IdTokenClaimNames.IAT) instanceof Instant issued) {
                        claims.put(IdTokenClaimNames.EXP, issued.plus(TOKEN_LIFETIME));
                    }
                });
            }
            if (context.getPrincipal() != null) {
                accounts.find(context.getPrincipal().getName()).ifPresent(actor ->
                        context.getClaims().claim("roles", List.of(actor.role().name())));
            }
        };
    }

    @Bean
    RegisteredClientRepository clients(@Value("${nyckelfri.data-dir}") Path dataDir,
                                       @Value("${nyckelfri.identity.issuer}") String issuer,
                                       PasswordEncoder passwords) {
        TokenSettings tokens = TokenSettings.builder()
                .accessTokenTimeToLive(TOKEN_LIFETIME)
                .idTokenSignatureAlgorithm(ID_TOKEN_ALGORITHM)
                .build();
        ClientSettings publicWithPkce = ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build();
        RegisteredClient mobile = publicPkceClient(MOBILE_CLIENT, "se.nyckelfri.app:/oauth2/callback", tokens, publicWithPkce);
        RegisteredClient cli = publicPkceClient(CLI_CLIENT, "http://127.0.0.1:8765/callback", tokens, publicWithPkce);
        // The staff app as served by this platform: on the loopback address any port matches (RFC 8252), and at the
        // issuer's own address.
        RegisteredClient app = RegisteredClient.from(publicPkceClient(APP_CLIENT, "http://127.0.0.1/app/", tokens, publicWithPkce))
                .redirectUri(issuer + "/app/").build();
        byte[] consoleSecret = SecretFiles.loadOrCreate(dataDir.resolve(CONSOLE_SECRET_FILE), IdentityProviderConfiguration::newClientSecret);
        RegisteredClient console = RegisteredClient.withId(CONSOLE_CLIENT)
                .clientId(CONSOLE_CLIENT)
                .clientSecret(passwords.encode(new String(consoleSecret, StandardCharsets.US_ASCII)))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                // A loopback address matches on any port (RFC 8252): the console as served by this platform.
                .redirectUri("http://127.0.0.1/login/oauth2/code/" + ConsoleSecurityConfiguration.REGISTRATION)
                .redirectUri(issuer + "/login/oauth2/code/" + ConsoleSecurityConfiguration.REGISTRATION)
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(tokens)
                .build();
        return new InMemoryRegisteredClientRepository(mobile, cli, app, console);
    }

    /** The console's sign-in with this provider. */
    @Bean
    ClientRegistrationRepository consoleClientRegistrations(@Value("${nyckelfri.data-dir}") Path dataDir,
                                                            @Value("${nyckelfri.identity.issuer}") String issuer,
                                                            Environment environment) {
        return new ConsoleClientRegistration(dataDir, issuer, environment);
    }

    /**
     * Ends the provider's session of the user an ID token names, and sends the browser on (OIDC RP-initiated logout): to the registered
     * {@code post_logout_redirect_uri} when one was given, the staff app's sign-in page for the app (its loopback
     * address has no fixed port to register), the site's root otherwise.
     */
    private static void signedOut(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        String target = "/";
        if (authentication instanceof OidcLogoutAuthenticationToken logout) {
            // The provider checked the ID token and that it names the signed-in user: their session ends here. (The
            // default handler this replaces ends it only when the token carries a session id, which ours do not.)
            if (logout.isPrincipalAuthenticated()) {
                new SecurityContextLogoutHandler().logout(request, response, (Authentication) logout.getPrincipal());
            }
            if (StringUtils.hasText(logout.getPostLogoutRedirectUri())) {
                target = logout.getPostLogoutRedirectUri();
            } else if (APP_CLIENT.equals(logout.getClientId())) {
                target = "/app/?signed-out";
            }
        }
        response.sendRedirect(target);
    }

    static byte[] newClientSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encode(random);
    }

    /** A public client (no secret) that may only use the authorization-code flow with PKCE. */
    private static RegisteredClient publicPkceClient(String id, String redirectUri, TokenSettings tokens,
                                                     ClientSettings settings) {
        return RegisteredClient.withId(id)
                .clientId(id)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri)
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(settings).tokenSettings(tokens)
                .build();
    }
}
