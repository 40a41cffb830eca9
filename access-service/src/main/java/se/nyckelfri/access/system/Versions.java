package se.nyckelfri.access.system;

import org.springframework.dao.OptimisticLockingFailureException;

/** Optimistic locking for requests: the client says which version it read; a different one means a concurrent edit. */
public final class Versions {

    private Versions() {
    }

    /** Throws {@link OptimisticLockingFailureException} (answered 409) unless {@code current == expected}. */
    public static void require(Long current, long expected) {
        if (current == null || current != expected) {
            throw new OptimisticLockingFailureException("expected version " + expected + " but found " + current);
        }
    }
}
