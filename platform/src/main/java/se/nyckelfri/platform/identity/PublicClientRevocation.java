package se.nyckelfri.platform.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Lets a public client (the staff app, the command-line client: no secret, PKCE) revoke its own tokens at the
 * revocation endpoint by naming itself with {@code client_id}, as RFC 7009 section 5 allows. Spring Authorization
 * Server authenticates public clients only at the token endpoint, with a code verifier, so without this the staff
 * app could not withdraw a token on sign-out or when a phone is lost.
 *
 * <p>Naming a client proves nothing, and need not: the revocation endpoint still revokes only a token issued to the
 * client named, and whoever holds a token may already use it, so revoking it gives them nothing more. This applies
 * to the revocation endpoint only and to clients registered as public only; a request carrying any client
 * credential goes through the ordinary client authentication. Thread-safe.
 */
final class PublicClientRevocation {

    private PublicClientRevocation() {
    }

    /** A public client naming itself at the revocation endpoint; only {@link #provider} accepts it. */
    static final class Request extends OAuth2ClientAuthenticationToken {

        private static final long serialVersionUID = 1L;

        Request(String clientId) {
            super(clientId, ClientAuthenticationMethod.NONE, null, null);
        }
    }

    /** Reads {@code client_id} from a credential-less POST to {@code revocationEndpoint}; otherwise nothing. */
    static AuthenticationConverter converter(String revocationEndpoint) {
        RequestMatcher revocation = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, revocationEndpoint);
        return (HttpServletRequest request) -> {
            if (!revocation.matches(request) || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
                return null;
            }
            String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
            if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
                return null;
            }
            return new Request(clientIds[0]);
        };
    }

    /** Accepts a {@link Request} for a registered public client. */
    static AuthenticationProvider provider(RegisteredClientRepository clients) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                RegisteredClient client = clients.findByClientId((String) authentication.getPrincipal());
                if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
                    throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
                }
                return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return Request.class.isAssignableFrom(authentication);
            }
        };
    }
}
