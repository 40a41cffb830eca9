package se.nyckelfri.platform.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts {@link SignInThrottle} in front of the sign-in form: a sign-in sent while its account or address must wait is
 * sent back to the form with {@code ?throttled} before the password is looked at; the form's outcome is counted by
 * the handlers this class hands out. The address is the client's as Tomcat resolved it, which a forwarded header
 * changes only when a configured proxy sent it. Thread-safe.
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    static final String THROTTLED = "/login?throttled";
    private static final String USERNAME = "username";

    private final SignInThrottle throttle;
    private final RequestMatcher signIn = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");
    private final RedirectStrategy redirect = new DefaultRedirectStrategy();

    SignInThrottleFilter(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (signIn.matches(request)) {
            Optional<Duration> wait = throttle.waitFor(request.getParameter(USERNAME), request.getRemoteAddr());
            if (wait.isPresent()) {
                response.setHeader("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
                redirect.sendRedirect(request, response, THROTTLED);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The form's failure handler: counts the failure, then back to the form with {@code ?error}. */
    AuthenticationFailureHandler failureHandler() {
        SimpleUrlAuthenticationFailureHandler form = new SimpleUrlAuthenticationFailureHandler("/login?error");
        return (request, response, exception) -> {
            throttle.failed(request.getParameter(USERNAME), request.getRemoteAddr());
            form.onAuthenticationFailure(request, response, exception);
        };
    }

    /** The form's success handler: forgets the failures, then on to where the user was going. */
    AuthenticationSuccessHandler successHandler() {
        SavedRequestAwareAuthenticationSuccessHandler onward = new SavedRequestAwareAuthenticationSuccessHandler();
        return (request, response, authentication) -> {
            throttle.succeeded(request.getParameter(USERNAME), request.getRemoteAddr());
            onward.onAuthenticationSuccess(request, response, authentication);
        };
    }
}
