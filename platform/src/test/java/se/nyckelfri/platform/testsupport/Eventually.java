package se.nyckelfri.platform.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for something asynchronous (a reconnect, a journal delivery) with a deadline instead of a fixed sleep. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls {@code condition} every 50 ms; fails the test after 20 s. */
    public static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
