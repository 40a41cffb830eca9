package se.nyckelfri.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import se.nyckelfri.lock.fixtures.clock.MutableClock;

/** The waiting times over time, which the HTTP test ({@link SignInThrottlingTest}) cannot wait for. */
class SignInThrottleTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void waitForWhenFailuresGoOnThenDoublesUpToFifteenMinutes() {
        fail("anna", "10.0.0.7", 5);
        assertThat(throttle.waitFor("anna", "10.0.0.7")).hasValue(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.waitFor("anna", "10.0.0.7")).isEmpty();
        fail("anna", "10.0.0.7", 1);
        assertThat(throttle.waitFor("anna", "10.0.0.7")).hasValue(Duration.ofSeconds(60));
        for (int i = 0; i < 10; i++) {
            clock.advance(throttle.waitFor("anna", "10.0.0.7").orElseThrow());
            fail("anna", "10.0.0.7", 1);
        }
        assertThat(throttle.waitFor("anna", "10.0.0.7")).hasValue(Duration.ofMinutes(15));
    }

    @Test
    void waitForWhenAnHourWithoutFailureThenForgotten() {
        fail("anna", "10.0.0.7", 5);
        clock.advance(Duration.ofMinutes(61));
        fail("anna", "10.0.0.7", 1);
        assertThat(throttle.waitFor("anna", "10.0.0.7")).isEmpty();
    }

    @Test
    void waitForWhenAccountGuessedFromManyAddressesThenAtMostAMinuteAndNotForItsKnownAddress() {
        throttle.succeeded("anna", "10.0.0.7");
        for (int bot = 0; bot < 40; bot++) {
            fail("Anna", "203.0.113." + bot, 1);
        }
        assertThat(throttle.waitFor("anna", "198.51.100.1")).hasValueSatisfying(wait ->
                assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(60)).isPositive());
        assertThat(throttle.waitFor("anna", "10.0.0.7")).isEmpty();
    }

    @Test
    void succeededWhenAfterFailuresThenThePairStartsAfresh() {
        fail("anna", "10.0.0.7", 4);
        throttle.succeeded("anna", "10.0.0.7");
        fail("anna", "10.0.0.7", 4);
        assertThat(throttle.waitFor("anna", "10.0.0.7")).isEmpty();
    }

    private void fail(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(username, address);
        }
    }
}
