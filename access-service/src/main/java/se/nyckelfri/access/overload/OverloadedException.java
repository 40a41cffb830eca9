package se.nyckelfri.access.overload;

import java.time.Duration;

/**
 * The request does not fit now (too many expensive reads at once, in all or by this user); answered 503 with
 * Retry-After. Without a stack trace: it is thrown often under load, where filling one in would cost the processor
 * time the load is kept from taking.
 */
public class OverloadedException extends RuntimeException {

    private final Duration retryAfter;

    public OverloadedException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When asking again may succeed. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
