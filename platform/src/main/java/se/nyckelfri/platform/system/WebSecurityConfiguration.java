package se.nyckelfri.platform.system;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.platform.identity.LoginCredentials;

/**
 * Everything that is neither the identity provider's endpoints nor the API: the sign-in page, health probes
 * (public, without details), the API description, and metrics (from this host only, {@link ConnectionAddress}); the
 * sign-in form's throttle ({@link SignInThrottle}).
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

    @Bean
    @Order(20)
    SecurityFilterChain siteSecurity(HttpSecurity http, Clock clock) throws Exception {
        SignInThrottleFilter throttle = new SignInThrottleFilter(new SignInThrottle(clock));
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/error", "/favicon.ico", "/console/static/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/issuer/jwks.json", "/issuer/jwks-history.json", "/issuer/trust-root.jwk").permitAll()
                        .requestMatchers(HttpMethod.POST, "/witness/add-checkpoint").permitAll()
                        // From this host only: the connection and the client it stands for (ConnectionAddress).
                        .requestMatchers("/actuator/**").access((authentication, context) -> new AuthorizationDecision(
                                ConnectionAddress.isLocal(context.getRequest())))
                        .anyRequest().authenticated())
                // The sign-in form is drawn by the web console (Swedish and English, checked for accessibility).
                // Password guessing is slowed per account and address, per address and per account (SignInThrottle).
                .addFilterBefore(throttle, UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage("/login").permitAll()
                        .failureHandler(throttle.failureHandler())
                        .successHandler(throttle.successHandler()))
                // The witness is a machine-to-machine protocol; a checkpoint's signature is its authentication.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/witness/add-checkpoint"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; object-src 'none'")));
        return http.build();
    }

    /**
     * No per-filter observations of the security chains: HTTP requests are already timed by the server
     * observation, and wrapping each of the chain's fifteen filters in its own observation showed up in the unlock
     * benchmark's profile as a visible share of each request for nothing a dashboard uses.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Users of the embedded identity provider: a password ({@link LoginCredentials}), and an enabled
     * account that gives them a role (access-service's {@link Accounts}); a password without an enabled account signs
     * nobody in.
     */
    @Bean
    UserDetailsService users(LoginCredentials passwords, Accounts accounts) {
        return username -> passwords.passwordHash(username)
                .map(hash -> {
                    Optional<Actor> account = accounts.find(username);
                    return User.withUsername(username).password(hash)
                            .disabled(account.isEmpty())
                            .authorities(account.map(a -> List.of(new SimpleGrantedAuthority("ROLE_" + a.role().name())))
                                    .orElse(List.of()))
                            .build();
                })
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
