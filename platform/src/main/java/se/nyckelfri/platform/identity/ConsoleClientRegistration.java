package se.nyckelfri.platform.identity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import se.nyckelfri.access.system.SecretFiles;
import se.nyckelfri.console.system.ConsoleSecurityConfiguration;

/**
 * The web console's client registration with the embedded identity provider: the confidential client
 * {@code nyckelfri-console} and its secret (generated at first run into {@code keys/console-client-secret}, mode 600).
 *
 * <p>The browser is sent to the authorization endpoint by a path on the host it came in on, so the whole sign-in
 * stays on one host; the console itself reaches the token and key endpoints on the loopback address and the port
 * the server actually listens on (known only once it has started, hence built on first use). Identity tokens must
 * still name the configured issuer. Thread-safe.
 */
final class ConsoleClientRegistration implements ClientRegistrationRepository {

    private final Path dataDir;
    private final String issuer;
    private final Environment environment;
    private volatile ClientRegistration registration;

    ConsoleClientRegistration(Path dataDir, String issuer, Environment environment) {
        this.dataDir = dataDir;
        this.issuer = issuer;
        this.environment = environment;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ConsoleSecurityConfiguration.REGISTRATION.equals(registrationId)) {
            return null;
        }
        ClientRegistration built = registration;
        if (built == null) {
            String port = environment.getProperty("local.server.port");
            if (port == null) {
                return null; // not serving yet
            }
            String self = "http://127.0.0.1:" + port;
            String secret = new String(SecretFiles.loadOrCreate(dataDir.resolve(IdentityProviderConfiguration.CONSOLE_SECRET_FILE),
                    IdentityProviderConfiguration::newClientSecret), StandardCharsets.US_ASCII);
            built = ClientRegistration.withRegistrationId(registrationId)
                    .clientId(IdentityProviderConfiguration.CONSOLE_CLIENT)
                    .clientSecret(secret)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope(OidcScopes.OPENID, OidcScopes.PROFILE)
                    .authorizationUri("/oauth2/authorize")
                    .tokenUri(self + "/oauth2/token")
                    .jwkSetUri(self + "/oauth2/jwks")
                    .issuerUri(issuer)
                    .userNameAttributeName(IdTokenClaimNames.SUB)
                    .clientName("Nyckelfri")
                    .build();
            registration = built;
        }
        return built;
    }
}
