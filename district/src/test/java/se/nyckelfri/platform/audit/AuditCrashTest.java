package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.audit.verifier.AuditVerifier;
import se.nyckelfri.audit.witness.Witness;
import se.nyckelfri.platform.testsupport.TestPlatforms;
import se.nyckelfri.platform.testsupport.TestProcesses;
import se.nyckelfri.platform.testsupport.TestTokens;

/**
 * SIGKILL during a burst of durable appends, and the database killed with it (as a power cut would): after a
 * restart on the same data directory every index that was acknowledged is there, the log has no gap, a new
 * checkpoint is cosigned, and fsck over the whole log is clean.
 */
class AuditCrashTest {

    @Test
    void appendWhenProcessKilledMidBurstThenEveryAcknowledgedIndexSurvivesAndFsckIsClean() throws Exception {
        Path dir = Files.createTempDirectory("nyckelfri-crash-");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("NYCKELFRI_WATCHDOG_REPORT");   // killed on purpose below
        Process child = builder.start();
        List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String line;
            while (acknowledged.size() < 3000 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(Long.parseLong(line.substring(4)));
                }
            }
            // SIGKILL, in the middle of the burst; its PostgreSQL's watchdog first, so the database dies uncleanly too
            child.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(3000);
        killPostgres(dir.resolve("postgres"));

        ConfigurableApplicationContext context = TestPlatforms.start(dir, "--nyckelfri.audit.origin=crash.nyckelfri.test/audit");
        try {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            long stored = jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE idx = ANY (?)", Long.class,
                    (Object) acknowledged.toArray(new Long[0]));
            assertThat(stored).as("every acknowledged index survived").isEqualTo(acknowledged.size());
            long count = jdbc.queryForObject("SELECT count(*) FROM audit_entry", Long.class);
            assertThat(jdbc.queryForObject("SELECT max(idx) + 1 FROM audit_entry", Long.class)).as("no gap").isEqualTo(count);

            MerkleAuditLog log = context.getBean(MerkleAuditLog.class);
            assertThat(log.awaitCheckpoint(Duration.ofSeconds(30)).size()).isEqualTo(count);
            context.getBean(Accounts.class).create("crash-auditor", "U-CRASHAUDIT", Role.AUDITOR, null, Set.of());
            @SuppressWarnings("unchecked")
            String token = new TestTokens(context.getBean(JWKSource.class)).forSubject("crash-auditor");
            StringWriter text = new StringWriter();
            CommandLine cli = new CommandLine(new AuditVerifier());
            cli.setOut(new PrintWriter(text));
            int code = cli.execute("fsck", "--log", "http://localhost:" + context.getEnvironment().getProperty("local.server.port")
                    + "/api/v1/audit/log", "--token", token, "--log-key", context.getBean(NoteSigner.class).key().vkey(),
                    "--witness-key", context.getBean(Witness.class).key().vkey());
            assertThat(code).as(text.toString()).isZero();
            assertThat(text.toString()).contains("OK: " + count + " entries");
        } finally {
            context.close();
        }
    }

    private static void killPostgres(Path data) throws Exception {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            TestProcesses.killPostgres(TestProcesses.postmasterPid(data));
        }
    }
}
