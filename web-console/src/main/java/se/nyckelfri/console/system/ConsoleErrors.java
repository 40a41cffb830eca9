package se.nyckelfri.console.system;

import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import se.nyckelfri.access.actor.OutOfScopeException;
import se.nyckelfri.access.overload.ExpensiveReads;
import se.nyckelfri.access.overload.OverloadedException;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.audit.AuditLogUnavailableException;

/**
 * The console's answer to a refusal or a mistake is a page in the user's language with the right status, never a
 * stack trace or a JSON problem. A refusal by the services' scope rules is the same refusal the API gives (and is
 * audited by them).
 */
@ControllerAdvice(basePackages = "se.nyckelfri.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    private final ExpensiveReads reads;

    ConsoleErrors(ExpensiveReads reads) {
        this.reads = reads;
    }

    /** Too many expensive reads at once, a busy audit log, no database connection in time: 503, and when to come back. */
    @ExceptionHandler({OverloadedException.class, AuditLogUnavailableException.class, CannotGetJdbcConnectionException.class,
            CannotCreateTransactionException.class, SQLTransientConnectionException.class})
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    String busy(Exception e, HttpServletResponse response, Model model) {
        log.warn("Console answered 503: {}", e.getClass().getSimpleName());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ExpensiveReads.seconds(
                e instanceof OverloadedException overloaded ? overloaded.retryAfter() : reads.retryAfter())));
        return page(model, "error.busy");
    }

    @ExceptionHandler({OutOfScopeException.class, AccessDeniedException.class})
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden(Model model) {
        return page(model, "error.forbidden");
    }

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        return page(model, "error.notFound");
    }

    @ExceptionHandler(ConflictException.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    String conflict(ConflictException e, Model model) {
        return page(model, "error.conflict");
    }

    @ExceptionHandler({InvalidInputException.class, IllegalArgumentException.class,
            MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String invalid(Model model) {
        return page(model, "error.invalid");
    }

    /** Anything else: a page that says so, in the user's language; the cause goes to the log, not to the page. */
    @ExceptionHandler(Exception.class)
    @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
    String unexpected(Exception e, Model model) {
        log.error("Console request failed", e);
        return page(model, "error.unexpected");
    }

    private static String page(Model model, String messageKey) {
        model.addAttribute("messageKey", messageKey);
        return "console/error";
    }
}
