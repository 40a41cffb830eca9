package se.nyckelfri.mobile.unlock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows down someone trying door after door: after {@link #LIMIT} denied attempts within {@link #WINDOW}, further
 * attempts are refused until the oldest denial leaves the window. Per staff member, in memory (per node).
 * Thread-safe.
 */
@Component
class DenialLimiter {

    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private final Map<UUID, Deque<Instant>> denials = new ConcurrentHashMap<>();
    private final Clock clock;

    DenialLimiter(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code staff} must wait, or zero. */
    Duration blockedFor(UUID staff) {
        Deque<Instant> recent = denials.get(staff);
        if (recent == null) {
            return Duration.ZERO;
        }
        synchronized (recent) {
            Instant now = clock.instant();
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
                recent.pollFirst();
            }
            return recent.size() < LIMIT ? Duration.ZERO : Duration.between(now, recent.peekFirst().plus(WINDOW));
        }
    }

    void denied(UUID staff) {
        Deque<Instant> recent = denials.computeIfAbsent(staff, s -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
        }
    }
}
