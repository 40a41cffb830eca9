package se.nyckelfri.access.overload;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A bulkhead for expensive reads: at most {@code nyckelfri.overload.expensive-reads} at once in all (default: half the
 * processors, at least one — one on the two-processor default installation, which leaves a processor and 19 of the 20
 * connections for everything else), at most {@code nyckelfri.overload.expensive-reads-per-user} of them for one user
 * (default 2; it matters where the total is larger, so that one user cannot take every place).
 * A read waits up to {@code nyckelfri.overload.wait} (default 500 ms) for room in its user's share and in the
 * total. A refused read gets {@link OverloadedException}, which the
 * API answers 503 with {@code Retry-After} ({@code nyckelfri.overload.retry-after}, default 2 s).
 *
 * <p>Thread-safe.
 */
@Component
public class ExpensiveReads {

    private final int perUser;
    private final Duration wait;
    private final Duration retryAfter;
    private final Semaphore places;
    /** Reads in progress per user; guarded by itself. A user with none has no entry. */
    private final Map<String, Integer> byUser = new HashMap<>();
    /** The permit this thread holds, so a nested expensive read runs under it instead of asking again. */
    private final ThreadLocal<Permit> held = new ThreadLocal<>();

    ExpensiveReads(@Value("${nyckelfri.overload.expensive-reads:0}") int total,
                   @Value("${nyckelfri.overload.expensive-reads-per-user:2}") int perUser,
                   @Value("${nyckelfri.overload.wait:500ms}") Duration wait,
                   @Value("${nyckelfri.overload.retry-after:2s}") Duration retryAfter) {
        if (total < 0 || perUser < 1 || wait.isNegative() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("expensive reads need at least one place in all and per user");
        }
        this.places = new Semaphore(total > 0 ? total : defaultTotal(Runtime.getRuntime().availableProcessors()), true);
        this.perUser = perUser;
        this.wait = wait;
        this.retryAfter = retryAfter;
    }

    /**
     * Half the processors, at least one: an expensive read keeps a processor busy (decoding and opening entries here,
     * scanning in PostgreSQL), and the other half stays for door openings and everything else.
     */
    static int defaultTotal(int processors) {
        return Math.max(1, processors / 2);
    }

    /** Permission to run one expensive read; close it when the read is done (closing twice is harmless). */
    public final class Permit implements AutoCloseable {
        private final String user;
        private boolean open = true;

        private Permit(String user) {
            this.user = user;
        }

        @Override
        public void close() {
            if (user == null || !open) {
                return;   // a nested read's permit: the outer one holds the place
            }
            open = false;
            held.remove();
            places.release();
            leave(user);
        }
    }

    /**
     * A place for one expensive read by {@code user}, or {@link OverloadedException}. Re-entrant: a thread that holds
     * a permit gets a nested one at once.
     */
    public Permit enter(String user) {
        if (held.get() != null) {
            return new Permit(null);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        if (!enterOwnShare(user, deadline)) {
            throw new OverloadedException("You have " + perUser + " expensive reads running; wait for one to finish.", retryAfter);
        }
        boolean entered = false;
        try {
            entered = places.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!entered) {
                leave(user);
            }
        }
        if (!entered) {
            throw new OverloadedException("Too many expensive reads are running; try again shortly.", retryAfter);
        }
        Permit permit = new Permit(user);
        held.set(permit);
        return permit;
    }

    /** When a refused read may be asked again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@code Retry-After} in whole seconds: rounded up, at least one. */
    public static long seconds(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /**
     * Counts one more read of {@code user}'s, waiting until {@code deadline} for their share to have room. Waiting
     * rather than refusing at once also slows a client that ignores {@code Retry-After} and asks again in a tight loop:
     * every refusal takes as long as the wait, so the refusals themselves cannot take the processors.
     */
    private boolean enterOwnShare(String user, long deadline) {
        synchronized (byUser) {
            while (byUser.getOrDefault(user, 0) >= perUser) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(byUser, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            byUser.merge(user, 1, Integer::sum);
            return true;
        }
    }

    private void leave(String user) {
        synchronized (byUser) {
            byUser.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
            byUser.notifyAll();
        }
    }
}
