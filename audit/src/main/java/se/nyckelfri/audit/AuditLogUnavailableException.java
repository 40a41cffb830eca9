package se.nyckelfri.audit;

/**
 * The audit log cannot answer now: its sequencer has not caught up within the time a reader may wait, or it did not
 * confirm an append in time, or it is not running. Nothing is wrong with the request; asking again a little later may
 * succeed, so the HTTP APIs answer 503 with {@code Retry-After} rather than 500. It is an
 * {@link IllegalStateException}, as these conditions were before they had a type of their own.
 */
public class AuditLogUnavailableException extends IllegalStateException {

    public AuditLogUnavailableException(String message) {
        super(message);
    }

    public AuditLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
