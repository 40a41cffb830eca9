package se.nyckelfri.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Run last in the build (a surefire execution of its own in the verify phase of district, the reactor's last module):
 * every test stopped what it started. Each test JVM, and so every process a test starts (the embedded PostgreSQL,
 * Chromium and ChromeDriver, child JVMs), carries {@code NYCKELFRI_BUILD} in its environment; none but this check's
 * own JVM may still be running. And no embedded PostgreSQL was stopped by its watchdog only, which would mean a test
 * let its JVM end with the server still running ({@code NYCKELFRI_WATCHDOG_REPORT}).
 */
class NothingLeftRunningCheck {

    private static final String BUILD = System.getenv("NYCKELFRI_BUILD");

    @Test
    void buildWhenAllTestsRanThenNoProcessTheyStartedIsStillRunning() throws InterruptedException {
        Assumptions.assumeTrue(BUILD != null && Files.isDirectory(Path.of("/proc")), "run by the build, on Linux");
        Set<Long> mine = new HashSet<>();   // this JVM and its ancestors (surefire, Maven)
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            mine.add(p.get().pid());
        }
        List<String> left = leftOver(mine);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!left.isEmpty() && System.nanoTime() < deadline) {   // a process in the middle of exiting
            Thread.sleep(250);
            left = leftOver(mine);
        }
        assertThat(left).as("processes started by this build's tests, still running").isEmpty();
    }

    @Test
    void buildWhenAllTestsRanThenNoServerWasLeftToItsWatchdog() throws IOException {
        String report = System.getenv("NYCKELFRI_WATCHDOG_REPORT");
        Assumptions.assumeTrue(report != null, "run by the build");
        Path file = Path.of(report);
        List<String> stopped = Files.exists(file) ? Files.readAllLines(file) : List.of();
        assertThat(stopped).as("embedded PostgreSQL servers a test left running, stopped by the watchdog when its JVM ended")
                .isEmpty();
    }

    private static List<String> leftOver(Set<Long> mine) {
        return ProcessHandle.allProcesses()
                .filter(p -> !mine.contains(p.pid()) && p.isAlive() && carriesThisBuild(p.pid()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    private static boolean carriesThisBuild(long pid) {
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            String marker = "NYCKELFRI_BUILD=" + BUILD;
            for (String variable : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                if (variable.equals(marker)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | SecurityException e) {
            return false;   // gone, or not ours to read
        }
    }
}
