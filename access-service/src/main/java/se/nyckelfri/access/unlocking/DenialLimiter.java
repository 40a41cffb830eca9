package se.nyckelfri.access.unlocking;

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
 * Slows down someone trying door after door: after {@link #LIMIT} denied attempts (unlocks, emergency openings and
 * relocks alike) within {@link #WINDOW}, further attempts are refused until the oldest denial leaves the window.
 * Counting is atomic ({@link #tryCount}): however many attempts race, no more than {@link #LIMIT} denials are
 * counted in a window; the rest are refused as rate-limited. Per staff member, in memory (per node). Thread-safe.
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
            forgetOlderThanTheWindow(recent, now);
            return recent.size() < LIMIT ? Duration.ZERO : Duration.between(now, recent.peekFirst().plus(WINDOW));
        }
    }

    /**
     * Counts a denial of {@code staff} if the window has room for it and returns {@code true}; returns {@code false},
     * counting nothing, when {@link #LIMIT} denials are already in the window (the attempt is then rate-limited).
     */
    boolean tryCount(UUID staff) {
        Deque<Instant> recent = denials.computeIfAbsent(staff, s -> new ArrayDeque<>());
        synchronized (recent) {
            Instant now = clock.instant();
            forgetOlderThanTheWindow(recent, now);
            if (recent.size() >= LIMIT) {
                return false;
            }
            recent.addLast(now);
            return true;
        }
    }

    /** Called with {@code recent}'s lock held. */
    private static void forgetOlderThanTheWindow(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.pollFirst();
        }
    }
}
