package se.nyckelfri.gateway.bluetooth;

/** An exchange with a lock that did not complete, and why. */
public final class LockLinkException extends Exception {

    /** What went wrong on the link. */
    public enum Failure {
        /** No connection could be made. */
        UNREACHABLE,
        /** The connection broke before the whole answer arrived: the lock may or may not have acted. */
        DROPPED,
        /** No answer in time: the lock may or may not have acted. */
        TIMEOUT,
        /** The answer was not a valid frame or message. */
        PROTOCOL
    }

    private final Failure failure;

    public LockLinkException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
