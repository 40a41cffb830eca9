package se.nyckelfri.platform.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops a PostgreSQL server that an earlier owner of a data directory left running (the platform was
 * killed with {@code kill -9}, or died, and its watchdog could not act), so that a restart on the same directory
 * starts instead of failing on PostgreSQL's {@code lock file "postmaster.pid" already exists}.
 *
 * <p>A process is stopped only when it is provably ours: it is the {@code postgres} program and runs with the data
 * directory as its working directory (every PostgreSQL process does; read from {@code /proc} on Linux), or, where
 * {@code /proc} is missing, its PID and data directory are the ones {@code postmaster.pid} records. The postmaster gets a fast
 * shutdown (SIGINT: sessions ended, a shutdown checkpoint written), then, if it has not gone within 15 s, an immediate
 * one (SIGQUIT: crash recovery at the next start), then SIGKILL. Orphaned backends of a postmaster that was killed
 * outright still hold its shared memory, which makes PostgreSQL refuse to start, so they are stopped too. A stale
 * {@code postmaster.pid} whose PID now belongs to an unrelated process is removed, as PostgreSQL would otherwise take
 * that process for a running server. Not on Windows (no signals), where the library's own handling applies.
 *
 * <p>Stateless; call before starting the server, with no server of this process on the directory.
 */
final class LeftoverServer {

    private static final Logger log = LoggerFactory.getLogger(LeftoverServer.class);
    private static final Duration FAST = Duration.ofSeconds(15);
    private static final Duration IMMEDIATE = Duration.ofSeconds(10);
    private static final boolean POSIX = !System.getProperty("os.name", "").toLowerCase().startsWith("windows");

    private LeftoverServer() {
    }

    /** Stops whatever PostgreSQL processes still run on {@code data}; returns how many were stopped. */
    static int stopOn(Path data) throws IOException {
        if (!POSIX || !Files.isDirectory(data)) {
            return 0;
        }
        Path real = data.toRealPath();
        Path pidFile = real.resolve("postmaster.pid");
        Optional<Long> recordedPid = recordedPid(pidFile);
        int stopped = 0;
        Optional<ProcessHandle> postmaster = recordedPid.flatMap(ProcessHandle::of)
                .filter(p -> p.isAlive() && isPostgresOn(p, real, pidFile));
        if (postmaster.isPresent()) {
            ProcessHandle server = postmaster.get();
            log.warn("PostgreSQL (PID {}) is still running on {}, left by an earlier run of the platform that ended without "
                    + "stopping it; stopping it (fast shutdown) before starting", server.pid(), real);
            long began = System.nanoTime();
            stop(server, "fast shutdown");
            log.info("The leftover PostgreSQL (PID {}) stopped in {} ms", server.pid(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            stopped++;
        }
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid() && p.isAlive())
                .filter(p -> isPostgresProgram(p) && workingDirectory(p).map(real::equals).orElse(false))
                .toList();
        for (ProcessHandle orphan : orphans) {
            log.warn("A PostgreSQL backend (PID {}) of a killed server still runs on {} and holds its shared memory; "
                    + "stopping it", orphan.pid(), real);
            signal(orphan, "QUIT");
            if (!awaitExit(orphan, Duration.ofSeconds(5))) {
                orphan.destroyForcibly();
                awaitExit(orphan, Duration.ofSeconds(5));
            }
            stopped++;
        }
        if (recordedPid.isPresent() && postmaster.isEmpty() && Files.exists(pidFile)
                && ProcessHandle.of(recordedPid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            log.warn("{} names PID {}, which is no PostgreSQL of this directory (the PID was reused after the server "
                    + "died); removing the stale file", pidFile, recordedPid.get());
            Files.deleteIfExists(pidFile);
        }
        return stopped;
    }

    private static void stop(ProcessHandle server, String how) throws IOException {
        signal(server, "INT");
        if (awaitExit(server, FAST)) {
            return;
        }
        log.warn("PostgreSQL (PID {}) did not end its {} within {} s; immediate shutdown", server.pid(), how, FAST.toSeconds());
        signal(server, "QUIT");
        if (awaitExit(server, IMMEDIATE)) {
            return;
        }
        log.warn("PostgreSQL (PID {}) did not stop within {} s of an immediate shutdown; killing it", server.pid(),
                IMMEDIATE.toSeconds());
        server.destroyForcibly();
        if (!awaitExit(server, IMMEDIATE)) {
            throw new IOException("cannot stop the PostgreSQL server (PID " + server.pid() + ") left running on this directory");
        }
    }

    /** Ours: its working directory is the data directory, or (without /proc) it is postgres and the pid file names it. */
    private static boolean isPostgresOn(ProcessHandle process, Path data, Path pidFile) {
        if (!isPostgresProgram(process)) {
            return false;
        }
        Optional<Path> cwd = workingDirectory(process);
        return cwd.isPresent() ? cwd.get().equals(data) : recordedDirectory(pidFile).map(data::equals).orElse(false);
    }

    /** The {@code postgres} program (postmaster or backend), never, say, a shell an operator left in the directory. */
    private static boolean isPostgresProgram(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    }

    private static Optional<Path> workingDirectory(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** {@code postmaster.pid}'s first line: the postmaster's PID. */
    static Optional<Long> recordedPid(Path pidFile) {
        return line(pidFile, 0).flatMap(text -> {
            try {
                return Optional.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code postmaster.pid}'s second line: the data directory. */
    private static Optional<Path> recordedDirectory(Path pidFile) {
        return line(pidFile, 1).map(text -> Path.of(text.trim()));
    }

    private static Optional<String> line(Path file, int index) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.size() > index ? Optional.of(lines.get(index)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Sends a signal by name with the system's {@code kill}: Java itself can send only TERM and KILL. */
    static void signal(ProcessHandle process, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling PID " + process.pid(), e);
        }
    }

    static boolean awaitExit(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }
}
