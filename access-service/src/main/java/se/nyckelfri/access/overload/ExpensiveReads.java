package se.nyckelfri.access.overload;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A bulkhead for expensive reads: at most {@code nyckelfri.overload.expensive-reads} at once in all (default 4: two
 * processors, and a pool of 20 connections of which at least 16 stay for everything else), at most
 * {@code nyckelfri.overload.expensive-reads-per-user} of them for one user (default 2, so one user cannot take them all).
 * A read over its user's share is refused at once; one that finds every place taken waits up to
 * {@code nyckelfri.overload.wait} (default 500 ms) for one. A refused read gets {@link OverloadedException}, which the
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

    ExpensiveReads(@Value("${nyckelfri.overload.expensive-reads:4}") int total,
                   @Value("${nyckelfri.overload.expensive-reads-per-user:2}") int perUser,
                   @Value("${nyckelfri.overload.wait:500ms}") Duration wait,
                   @Value("${nyckelfri.overload.retry-after:2s}") Duration retryAfter) {
        if (total < 1 || perUser < 1 || wait.isNegative() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("expensive reads need at least one place in all and per user");
        }
        this.places = new Semaphore(total, true);
        this.perUser = perUser;
        this.wait = wait;
        this.retryAfter = retryAfter;
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
        synchronized (byUser) {
            int running = byUser.getOrDefault(user, 0);
            if (running >= perUser) {
                throw new OverloadedException("You have " + running + " expensive reads running; wait for one to finish.", retryAfter);
            }
            byUser.put(user, running + 1);
        }
        boolean entered = false;
        try {
            entered = places.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
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

    private void leave(String user) {
        synchronized (byUser) {
            byUser.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
        }
    }
}
