package se.nyckelfri.platform.database;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the embedded PostgreSQL cannot outlive the JVM that owns it. {@code pg_ctl} detaches the postmaster
 * from its parent, so when the JVM dies ({@code kill -9}, out of memory, a crash) the server would keep running and
 * hold its data directory. The watchdog is a small {@code /bin/sh} process whose standard input is a pipe from this
 * JVM: the pipe reaches end-of-file only when the JVM has closed it or is gone, and then, if {@code postmaster.pid}
 * still names the same postmaster, the watchdog asks it for a fast shutdown (SIGINT), and for an immediate one
 * (SIGQUIT) if it is still there after 15 s. It ignores SIGINT, SIGTERM and SIGHUP, so a Ctrl-C in the terminal or a
 * supervisor's stop reaches the JVM, which stops the server itself, in order. A shell script rather than a library:
 * Java cannot ask the kernel to signal a child when its parent dies ({@code PR_SET_PDEATHSIG} needs native code),
 * and the pipe works on every POSIX system. Not on Windows. When {@code NYCKELFRI_WATCHDOG_REPORT} names a file, each
 * server it had to stop is also noted there (the build sets it, so that a test relying on the watchdog instead of
 * stopping its server fails the end-of-build check).
 *
 * <p>Thread-safe: {@link #disarm()} may be called more than once.
 */
final class PostmasterWatchdog {

    private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);

    /** $1: the postmaster's PID; $2: the data directory. */
    static final String SCRIPT = """
            trap '' INT TERM HUP
            while read -r _ignored; do :; done
            [ "$(sed -n 1p "$2/postmaster.pid" 2>/dev/null)" = "$1" ] || exit 0
            kill -0 "$1" 2>/dev/null || exit 0
            echo "nyckelfri-postgres-watchdog: the platform's process is gone; stopping PostgreSQL (PID $1) on $2" >&2
            if [ -n "$NYCKELFRI_WATCHDOG_REPORT" ]; then
              mkdir -p "$(dirname "$NYCKELFRI_WATCHDOG_REPORT")" && echo "stopped PostgreSQL (PID $1) on $2" >> "$NYCKELFRI_WATCHDOG_REPORT"
            fi
            kill -INT "$1"
            i=0
            while kill -0 "$1" 2>/dev/null && [ "$i" -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
            kill -0 "$1" 2>/dev/null && kill -QUIT "$1"
            exit 0
            """;

    private final Process process;
    private final OutputStream lifeline;

    private PostmasterWatchdog(Process process) {
        this.process = process;
        this.lifeline = process.getOutputStream();
    }

    /** Starts watching the postmaster {@code pid} on {@code data}; {@code null} where there is no POSIX shell. */
    static PostmasterWatchdog arm(long pid, Path data) {
        if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            log.warn("No watchdog for the embedded PostgreSQL on Windows: if this process is killed, stop it by hand");
            return null;
        }
        try {
            Process process = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "nyckelfri-postgres-watchdog",
                    Long.toString(pid), data.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new PostmasterWatchdog(process);
        } catch (IOException e) {
            log.warn("Cannot start the embedded PostgreSQL's watchdog ({}): if this process is killed, the next start "
                    + "stops the server it left", e.getMessage());
            return null;
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Ends the watch. Call after the server was stopped: the watchdog then finds no server and exits. (Called with the
     * server still running, it stops the server, which is what a failed stop needs.)
     */
    void disarm() {
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // the watchdog is gone already
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
