package se.nyckelfri.access.overload;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import se.nyckelfri.access.system.ProblemResponses;
import se.nyckelfri.audit.AuditLogUnavailableException;

/**
 * Overload is answered 503 {@code overloaded} with {@code Retry-After}, never 500 and never a hang: a read that does not
 * fit in {@link ExpensiveReads}, an audit log that has not caught up in time, and — the last line of defence — a
 * request that found no database connection within the pool's timeout. Only for REST controllers: the console answers
 * with a page of its own. Ordered before {@link ProblemResponses}, whose catch-all would make these 500.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class OverloadResponses {

    private static final Logger log = LoggerFactory.getLogger(OverloadResponses.class);

    private final ExpensiveReads reads;

    OverloadResponses(ExpensiveReads reads) {
        this.reads = reads;
    }

    @ExceptionHandler(OverloadedException.class)
    ResponseEntity<ProblemDetail> overloaded(OverloadedException e) {
        return busy(e.getMessage(), e.retryAfter());
    }

    @ExceptionHandler(AuditLogUnavailableException.class)
    ResponseEntity<ProblemDetail> auditLogBusy(AuditLogUnavailableException e) {
        log.warn("Answered 503: {}", e.getMessage());
        return busy("The audit log is busy; try again shortly.", reads.retryAfter());
    }

    /** Also matches a pool timeout anywhere in the cause chain (Spring MVC looks through causes). */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            SQLTransientConnectionException.class})
    ResponseEntity<ProblemDetail> noConnection(Exception e) {
        log.warn("Answered 503: no database connection ({})", e.getClass().getSimpleName());
        return busy("The service is busy; try again shortly.", reads.retryAfter());
    }

    /** The answer to overload: problem {@code overloaded}, 503, and when to ask again (whole seconds, at least one). */
    static ResponseEntity<ProblemDetail> busy(String detail, Duration retryAfter) {
        long seconds = ExpensiveReads.seconds(retryAfter);
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", detail);
        problem.setProperty("code", "OVERLOADED");
        problem.setProperty("retryAfterSeconds", seconds);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }
}
