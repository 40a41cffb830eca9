package se.nyckelfri.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.nyckelfri.platform.testsupport.TestProcesses;

@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresServerTest {

    @TempDir
    Path data;

    /** This class runs without Spring Boot's logging set-up, or after a test that quietened it: say what is read. */
    @BeforeAll
    static void logAtInfo() {
        for (String name : new String[] {"se.nyckelfri.platform.database", "io.zonky.test.db.postgres.embedded"}) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }
    ServerOwnerProcess.Owner owner;

    /** Whatever a test started, stopped: the owner JVM, its watchdog and a server left on the directory. */
    @AfterEach
    void stopEverything() throws IOException {
        if (owner != null) {
            ProcessHandle.of(owner.watchdogPid()).ifPresent(ProcessHandle::destroyForcibly);
            owner.process().destroyForcibly();
        }
        LeftoverServer.stopOn(data.resolve("pg"));
    }

    @Test
    void startWhenFreshDirectoryThenDurableCommitsReadBackLoggedAndDataSurvivesRestart(CapturedOutput output) throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"))) {
            assertThat(server.durability()).isEqualTo(new EmbeddedPostgresServer.Durability("on", "on", "on"));
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
                 Statement s = c.createStatement()) {
                assertThat(show(s, "synchronous_commit")).isEqualTo("on");
                assertThat(show(s, "fsync")).as("-c fsync=on wins over the library's -F").isEqualTo("on");
                assertThat(show(s, "full_page_writes")).isEqualTo("on");
                assertThat(show(s, "server_version")).startsWith("17.");
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        assertThat(output.getOut()).contains("fsync=on, synchronous_commit=on, full_page_writes=on");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"));
             Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
        assertThat(data.resolve("pg/postmaster.pid")).as("stopped cleanly").doesNotExist();
    }

    /** The issue as an operator met it: the JVM killed, its server running on, the next start gave up after 60 s. */
    @Test
    void startWhenKilledOwnerLeftItsServerRunningThenStopsThatServerAndStarts(CapturedOutput output) throws Exception {
        owner = ServerOwnerProcess.start(data.resolve("pg"));
        ProcessHandle watchdog = ProcessHandle.of(owner.watchdogPid()).orElseThrow();
        watchdog.destroyForcibly();            // kill -9 of the whole process tree but PostgreSQL: nothing stops it
        watchdog.onExit().get(10, TimeUnit.SECONDS);
        owner.process().destroyForcibly();
        owner.process().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        ProcessHandle orphan = ProcessHandle.of(owner.postmasterPid()).orElseThrow();
        assertThat(orphan.isAlive()).as("the orphaned server still runs, as in the issue").isTrue();

        long began = System.nanoTime();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"));
             Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
            assertThat(orphan.isAlive()).isFalse();
            assertThat(server.postmasterPid()).isNotEqualTo(owner.postmasterPid());
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("written before the kill");
        }
        assertThat(output.getOut()).contains("PostgreSQL (PID " + owner.postmasterPid() + ") is still running on")
                .contains("stopping it (fast shutdown) before starting");
    }

    /** kill -9 of the owner JVM alone: its watchdog stops the server with a fast shutdown, leaving no lock file. */
    @Test
    void ownerWhenKilledThenWatchdogStopsItsServerCleanly() throws Exception {
        owner = ServerOwnerProcess.start(data.resolve("pg"));
        ProcessHandle postmaster = ProcessHandle.of(owner.postmasterPid()).orElseThrow();
        owner.process().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).until(() -> !postmaster.isAlive());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(owner.watchdogPid()).isEmpty()
                || !ProcessHandle.of(owner.watchdogPid()).get().isAlive());
        assertThat(data.resolve("pg/postmaster.pid")).as("a fast shutdown, not a crash").doesNotExist();
    }

    /** Both killed, as in a power cut (postmaster and every backend at once): the next start recovers. */
    @Test
    void startWhenServerAndOwnerKilledTogetherThenRecovers() throws Exception {
        owner = ServerOwnerProcess.start(data.resolve("pg"));
        Optional<ProcessHandle> watchdog = ProcessHandle.of(owner.watchdogPid());
        watchdog.ifPresent(ProcessHandle::destroyForcibly);
        TestProcesses.killPostgres(owner.postmasterPid());
        owner.process().destroyForcibly();
        // A SIGKILL is delivered, not awaited: the owner's lock on the data directory goes only with the process, and
        // on a loaded machine that took longer than the embedded server waits for the lock (seen once in CI).
        assertThat(owner.process().waitFor(30, TimeUnit.SECONDS)).as("the owner is gone").isTrue();
        watchdog.ifPresent(w -> w.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        assertThat(data.resolve("pg/postmaster.pid")).as("left behind by the kill").exists();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"));
             Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM kept")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    /**
     * A pid file that names a live process which is not this directory's PostgreSQL (a reused PID, or a forged file)
     * never gets that process signalled: the stale file is removed and the server starts.
     */
    @Test
    void startWhenPidFileNamesAnUnrelatedLiveProcessThenLeavesItAloneAndStarts(CapturedOutput output) throws Exception {
        EmbeddedPostgresServer.start(data.resolve("pg")).close();
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(data.resolve("pg/postmaster.pid"), bystander.pid() + "\n" + data.resolve("pg").toRealPath() + "\n");
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"))) {
                assertThat(server.postmasterPid()).isNotEqualTo(bystander.pid());
            }
            assertThat(bystander.isAlive()).as("the unrelated process was not signalled").isTrue();
            assertThat(output.getOut()).contains("names PID " + bystander.pid() + ", which is no PostgreSQL of this directory");
        } finally {
            bystander.destroyForcibly();
        }
    }

    /** PostgreSQL's own reason for not starting reaches the log, instead of only "gave up waiting". */
    @Test
    void startWhenServerRefusesToStartThenItsOwnMessageIsLogged(CapturedOutput output) throws Exception {
        EmbeddedPostgresServer.start(data.resolve("pg")).close();
        Files.writeString(data.resolve("pg/postgresql.conf"), "\nshared_buffers = 'not a size'\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(data.resolve("pg"), Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class);
        assertThat(output.getOut()).contains("shared_buffers").contains("FATAL")
                .contains("PostgreSQL did not start on");
    }

    private static String show(Statement s, String setting) throws Exception {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
