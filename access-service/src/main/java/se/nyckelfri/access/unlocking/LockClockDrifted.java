package se.nyckelfri.access.unlocking;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Published when a lock's challenge shows its clock off by more than {@link #BEYOND} (a power cut reset it, or it
 * drifted): the lock-update module sets it with a signed time update, so that the next credential fits its window.
 */
public record LockClockDrifted(UUID gatewayId, UUID lockId, Instant lockClock) {

    /** Half the locks' tolerance for credential windows (60 s either way). */
    public static final Duration BEYOND = Duration.ofSeconds(30);
}
