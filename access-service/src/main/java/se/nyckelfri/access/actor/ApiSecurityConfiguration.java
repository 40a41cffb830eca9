package se.nyckelfri.access.actor;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.RegexRequestMatcher;
import se.nyckelfri.access.system.ProblemResponses;
import se.nyckelfri.audit.http.LogEndpoints;

/**
 * Everything under {@code /api/} is an OAuth2 resource server: stateless, bearer tokens only, algorithms pinned
 * (ES256 unless configured otherwise: a token's own {@code alg} header never chooses), errors as problem+json.
 *
 * <p>With {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} set, tokens are trusted from that external
 * OIDC provider (keys from its discovery document's JWKS), for the audience in
 * {@code spring.security.oauth2.resourceserver.jwt.audiences} (required) and, if {@code nyckelfri.identity.token-types}
 * lists any, of those header types only; without it the host application supplies the {@link JwtDecoder} of its
 * embedded identity provider.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class ApiSecurityConfiguration {

    @Bean
    @Order(10)
    SecurityFilterChain apiSecurity(HttpSecurity http, Accounts accounts, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint entryPoint = problemEntryPoint(json);
        AccessDeniedHandler denied = problemAccessDenied(json);
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests
                        // The transparency log's checkpoint, keys and hash tiles hold only hashes: anyone may follow them.
                        .requestMatchers(RegexRequestMatcher.regexMatcher(HttpMethod.GET,
                                "/api/v1/audit/log/(checkpoint|keys|tile/[0-9]{1,2}/[x0-9/.p]+)")).permitAll()
                        // The witness is a machine-to-machine protocol; a checkpoint's signature is its authentication.
                        // (A plain regex matcher: a path matcher would ask Spring MVC to resolve every API request.)
                        .requestMatchers(RegexRequestMatcher.regexMatcher(HttpMethod.POST,
                                Pattern.quote(LogEndpoints.WITNESS_ADD_CHECKPOINT))).permitAll()
                        .anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens travel in a header, never in a cookie, so there is no CSRF to defend against here.
                .csrf(csrf -> csrf.disable())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new ActorTokenConverter(accounts)))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(denied))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied));
        return http.build();
    }

    @Bean
    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri")
    JwtDecoder externalIssuerJwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
                                        @Value("${nyckelfri.identity.token-algorithms:ES256}") List<String> algorithms,
                                        @Value("${spring.security.oauth2.resourceserver.jwt.audiences:}") List<String> audiences,
                                        @Value("${nyckelfri.identity.token-types:}") List<String> types) {
        // Checked here, before the first request, so that a missing audience stops the start with a clear message.
        OAuth2TokenValidator<Jwt> validator = TokenValidators.standard(issuer, audiences, types);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer)
                .jwsAlgorithms(pinned -> {
                    pinned.clear();
                    algorithms.forEach(name -> pinned.add(SignatureAlgorithm.from(name)));
                })
                // The header type is for the validator to judge (nyckelfri.identity.token-types), not Nimbus's default
                // that refuses an RFC 9068 "at+jwt" access token.
                .validateType(false)
                .jwtProcessorCustomizer(processor -> processor.setJWSVerifierFactory(TokenSignatures.bouncyCastleVerifiers()))
                .build();
        return VerifiedTokens.validating(decoder, validator);
    }

    static AuthenticationEntryPoint problemEntryPoint(ObjectMapper json) {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, e) -> {
            bearer.commence(request, response, e);
            write(json, response, ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "A valid bearer token is required: " + e.getMessage()));
        };
    }

    static AccessDeniedHandler problemAccessDenied(ObjectMapper json) {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, e) -> {
            bearer.handle(request, response, e);
            write(json, response, ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden",
                    "Your role does not allow this."));
        };
    }

    private static void write(ObjectMapper json, HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
