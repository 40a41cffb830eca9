package se.nyckelfri.access.actor;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import jakarta.servlet.http.HttpServletRequest;
import se.nyckelfri.access.system.ProblemResponses;

/**
 * 403 answers for refused actions of the REST API; a refusal by role is recorded here, one by scope already was.
 * Only for REST controllers: pages (the web console) answer refusals with a page of their own.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RefusalResponses {

    private final ScopeGuard guard;

    RefusalResponses(ScopeGuard guard) {
        this.guard = guard;
    }

    @ExceptionHandler(OutOfScopeException.class)
    ProblemDetail outOfScope(OutOfScopeException e) {
        return ProblemResponses.problem(HttpStatus.FORBIDDEN, "out-of-scope", e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail roleRefused(AccessDeniedException e, HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Actor actor) {
            guard.record(actor.pseudonym(), "endpoint", request.getMethod() + " " + request.getRequestURI(),
                    request.getMethod(), "ROLE_" + actor.role().name());
        }
        return ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", "Your role does not allow this.");
    }
}
