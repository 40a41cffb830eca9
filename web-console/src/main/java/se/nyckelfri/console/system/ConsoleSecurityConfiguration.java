package se.nyckelfri.console.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;

/**
 * The console signs its users in through OpenID Connect as the confidential client {@code nyckelfri-console}
 * (authorization code with PKCE and a client secret), keeps the sign-in in the HTTP session under a key of its
 * own (apart from the identity provider's own sign-in), and lets in managers, auditors and administrators only,
 * each to their own part. Forms carry CSRF tokens; pages get a strict content security policy (no inline script or
 * style), no referrer, and are never framed.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

    /** The client registration the console signs in with; the host application provides it. */
    public static final String REGISTRATION = "nyckelfri";
    static final String CONTEXT_KEY = "NYCKELFRI_CONSOLE_SECURITY_CONTEXT";

    @Bean
    @Order(15)
    SecurityFilterChain consoleSecurity(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> registrationRepositories,
                                        Accounts accounts) throws Exception {
        ClientRegistrationRepository registrations = registrationRepositories.getIfAvailable();
        if (registrations == null) {
            // No identity provider the console can sign in with (an external one without a console client configured):
            // the console is closed rather than open.
            http.securityMatcher("/console", "/console/**").authorizeHttpRequests(authorize -> authorize.anyRequest().denyAll());
            return http.build();
        }
        HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
        contexts.setSpringSecurityContextKey(CONTEXT_KEY);
        // The page to return to after signing in is kept apart from the identity provider's own (its authorization
        // request, saved while it shows its sign-in form): taking the provider's would start a second authorization.
        HttpSessionRequestCache returnTo = new HttpSessionRequestCache();
        returnTo.setSessionAttrName("NYCKELFRI_CONSOLE_RETURN_TO");
        returnTo.setMatchingRequestParameterName(null); // return to the address as it was, without "?continue"
        SavedRequestAwareAuthenticationSuccessHandler signedIn = new SavedRequestAwareAuthenticationSuccessHandler();
        signedIn.setRequestCache(returnTo);
        signedIn.setDefaultTargetUrl("/console");
        DefaultOAuth2AuthorizationRequestResolver requests =
                new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.securityMatcher("/console", "/console/**", "/oauth2/authorization/**", "/login/oauth2/code/**")
                .addFilterBefore(new LoopbackAddress(), SecurityContextHolderFilter.class)
                .securityContext(context -> context.securityContextRepository(contexts))
                .requestCache(cache -> cache.requestCache(returnTo))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/console/static/**", "/console/signed-out", "/console/session-expired",
                                "/console/sign-in-failed", "/console/denied").permitAll()
                        .requestMatchers("/console/manage/**").hasAnyRole("MANAGER", "ADMIN")
                        .requestMatchers("/console/audit/**").hasAnyRole("AUDITOR", "ADMIN")
                        .anyRequest().hasAnyRole("MANAGER", "AUDITOR", "ADMIN"))
                .oauth2Login(login -> login
                        .loginPage("/oauth2/authorization/" + REGISTRATION)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(requests))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(rolesFromAccounts(accounts)))
                        .successHandler(signedIn)
                        .failureHandler((request, response, exception) -> {
                            // The provider's or the token's error code only: never a token, a code or a secret.
                            log.warn("Console sign-in failed: {}", exception.getMessage());
                            response.sendRedirect(request.getContextPath() + "/console/sign-in-failed");
                        }))
                .logout(logout -> logout
                        .logoutUrl("/console/logout")
                        .logoutSuccessUrl("/console/signed-out")
                        .invalidateHttpSession(true)
                        .deleteCookies("JSESSIONID"))
                // A request carrying a session that has ended (30 minutes without a request, or a restart) is told so,
                // instead of being sent through a sign-in that seems to come from nowhere.
                .sessionManagement(sessions -> sessions.invalidSessionUrl("/console/session-expired"))
                .exceptionHandling(exceptions -> exceptions.accessDeniedPage("/console/denied"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                                + "object-src 'none'; base-uri 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * Identity tokens are RS256, as the platform's provider signs every ID token (OpenID Connect's default): the
     * algorithm is pinned here, never taken from the token's own header.
     */
    @Bean
    JwtDecoderFactory<ClientRegistration> consoleIdTokenDecoders() {
        OidcIdTokenDecoderFactory decoders = new OidcIdTokenDecoderFactory();
        decoders.setJwsAlgorithmResolver(registration -> SignatureAlgorithm.RS256);
        return decoders;
    }

    /**
     * The signed-in user's authorities are their account's role, read from the account when they sign in (and the
     * account is read again on every request by {@link ConsoleActors}). A subject without an enabled account is
     * not signed in.
     */
    static OAuth2UserService<OidcUserRequest, OidcUser> rolesFromAccounts(Accounts accounts) {
        OidcUserService standard = new OidcUserService();
        return request -> {
            OidcUser user = standard.loadUser(request);
            Actor actor = accounts.find(user.getSubject()).orElseThrow(() -> new OAuth2AuthenticationException(
                    new OAuth2Error("access_denied", "no enabled account", null)));
            return new DefaultOidcUser(Set.of(new SimpleGrantedAuthority("ROLE_" + actor.role().name())),
                    user.getIdToken(), user.getUserInfo(), "sub");
        };
    }

    /**
     * OAuth 2.1 does not allow {@code localhost} in a redirect URI, only a loopback address: a console opened as
     * {@code http://localhost:8080/console} moves to {@code http://127.0.0.1:8080/console} before any session or
     * sign-in starts, so the whole sign-in happens on one host (and one cookie jar).
     */
    static final class LoopbackAddress extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if ("localhost".equalsIgnoreCase(request.getServerName()) && "GET".equals(request.getMethod())) {
                response.sendRedirect(ServletUriComponentsBuilder.fromRequest(request).host("127.0.0.1").toUriString());
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
