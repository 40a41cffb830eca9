package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.store.Checkpointer;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.audit.verifier.AuditVerifier;
import se.nyckelfri.audit.witness.Witness;
import se.nyckelfri.platform.testsupport.TestPlatforms;
import se.nyckelfri.platform.testsupport.TestTokens;

/**
 * A database superuser changes the log behind the application's back (triggers bypassed with
 * {@code session_replication_role = replica}); the outside auditor's verifier, holding only the two public keys,
 * finds each change and names where, and the witness refuses to cosign a rewritten history. Runs a platform of its
 * own, since it damages its log on purpose (each case repairs what it broke).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTamperTest {

    private ConfigurableApplicationContext context;
    private MerkleAuditLog log;
    private JdbcTemplate jdbc;
    private JdbcTemplate ownerJdbc;
    private TransactionTemplate superuser;
    private String prefix;
    private String token;
    private String logKey;
    private String witnessKey;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("nyckelfri-tamper-");
        context = TestPlatforms.start(dir, "--nyckelfri.audit.origin=tamper.nyckelfri.test/audit");
        log = context.getBean(MerkleAuditLog.class);
        jdbc = context.getBean(JdbcTemplate.class);
        // The application's own role may not change the log at all; this is the database's owner, a superuser.
        se.nyckelfri.platform.database.EmbeddedPostgresServer server = context.getBean(se.nyckelfri.platform.database.EmbeddedPostgresServer.class);
        org.springframework.jdbc.datasource.DriverManagerDataSource owner = new org.springframework.jdbc.datasource.DriverManagerDataSource(
                server.jdbcUrl(), server.username(), "");
        ownerJdbc = new JdbcTemplate(owner);
        superuser = new TransactionTemplate(new org.springframework.jdbc.support.JdbcTransactionManager(owner));
        String port = context.getEnvironment().getProperty("local.server.port");
        prefix = "http://localhost:" + port + "/api/v1/audit/log";
        context.getBean(Accounts.class).create("tamper-auditor", "U-TAMPERAUDIT", Role.AUDITOR, null, Set.of());
        @SuppressWarnings("unchecked")
        JWKSource<SecurityContext> keys = context.getBean(JWKSource.class);
        token = new TestTokens(keys).forSubject("tamper-auditor");
        logKey = context.getBean(NoteSigner.class).key().vkey();
        witnessKey = context.getBean(Witness.class).key().vkey();
        for (int i = 0; i < 700; i++) {
            log.appendDurably(AuditEvent.of("TEST_TAMPER", "U-TAMPER").subject("test", i).build());
        }
        log.awaitCheckpoint(Duration.ofSeconds(15));
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    @Order(1)
    void fsckWhenNothingChangedThenClean() {
        assertThat(fsck()).contains("OK: ").contains("re-derived");
    }

    @Test
    @Order(2)
    void fsckWhenOneByteOfAnEntryChangedThenNamesItsIndex() {
        byte[] original = entry(300);
        byte[] changed = original.clone();
        changed[changed.length - 1] ^= 0x01;
        rewrite("UPDATE audit_entry SET entry = ? WHERE idx = 300", changed);
        try {
            assertThat(fsck()).contains("FAILED: ").contains("[first bad index 300]");
        } finally {
            rewrite("UPDATE audit_entry SET entry = ? WHERE idx = 300", original);
        }
        assertThat(fsck()).contains("OK: ");
    }

    @Test
    @Order(3)
    void fsckWhenTwoEntriesSwappedThenNamesTheFirst() {
        byte[] ten = entry(10);
        byte[] eleven = entry(11);
        rewrite("UPDATE audit_entry SET entry = ? WHERE idx = 10", eleven);
        rewrite("UPDATE audit_entry SET entry = ? WHERE idx = 11", ten);
        try {
            assertThat(fsck()).contains("FAILED: ").contains("[first bad index 10]");
        } finally {
            rewrite("UPDATE audit_entry SET entry = ? WHERE idx = 10", ten);
            rewrite("UPDATE audit_entry SET entry = ? WHERE idx = 11", eleven);
        }
    }

    @Test
    @Order(4)
    void fsckWhenAnEntryDeletedThenNamesItsBundle() {
        byte[] original = entry(100);
        Object[] row = jdbc.queryForList("SELECT recorded_at, type, actor_key, subject_kind, subject_key, outcome FROM audit_entry WHERE idx = 100")
                .get(0).values().toArray();
        rewrite("DELETE FROM audit_entry WHERE idx = ?", 100L);
        try {
            assertThat(fsck()).contains("FAILED: ").contains("entries from 0 cannot be read");
        } finally {
            superuser.executeWithoutResult(s -> {
                ownerJdbc.execute("SET LOCAL session_replication_role = replica");
                ownerJdbc.update("INSERT INTO audit_entry (idx, entry, recorded_at, type, actor_key, subject_kind, subject_key, outcome) "
                        + "VALUES (100, ?, ?, ?, ?, ?, ?, ?)", original, row[0], row[1], row[2], row[3], row[4], row[5]);
            });
        }
        assertThat(fsck()).contains("OK: ");
    }

    @Test
    @Order(5)
    void fsckWhenAStoredTileChangedThenNamesTheTileAndIndex() {
        byte[] original = jdbc.queryForObject("SELECT hashes FROM audit_tile WHERE level = 0 AND idx = 1", byte[].class);
        byte[] changed = original.clone();
        changed[32 * 7] ^= 0x40;
        rewrite("UPDATE audit_tile SET hashes = ? WHERE level = 0 AND idx = 1", changed);
        try {
            assertThat(fsck()).contains("FAILED: ").contains("tile 0/001").contains("[first bad index 263]");
        } finally {
            rewrite("UPDATE audit_tile SET hashes = ? WHERE level = 0 AND idx = 1", original);
        }
    }

    @Test
    @Order(6)
    void verifyCheckpointWhenStoredCheckpointChangedThenSignatureFails() throws Exception {
        String note = jdbc.queryForObject("SELECT note FROM audit_checkpoint ORDER BY size DESC LIMIT 1", String.class);
        Path good = dir.resolve("good.checkpoint");
        Files.writeString(good, note);
        assertThat(run("verify-checkpoint", "--log-key", logKey, "--witness-key", witnessKey, good.toString())).startsWith("cosigned by").contains("OK: ");
        String[] lines = note.split("\n", -1);
        lines[1] = Long.toString(Long.parseLong(lines[1]) + 1);
        Path forged = dir.resolve("forged.checkpoint");
        Files.writeString(forged, String.join("\n", lines));
        assertThat(run("verify-checkpoint", "--log-key", logKey, forged.toString())).contains("FAILED: ").contains("does not verify");
    }

    @Test
    @Order(7)
    void witnessWhenHistoryRewrittenThenRefusesToCosignAndNothingIsPublished() {
        Checkpointer.Published before = log.awaitCheckpoint(Duration.ofSeconds(10));
        long last = before.size() - 1;   // in the partial tile: the next root is computed from the entry itself
        byte[] original = entry(last);
        byte[] changed = original.clone();
        changed[changed.length - 1] ^= 0x01;
        rewrite("UPDATE audit_entry SET entry = ? WHERE idx = ?", changed, last);
        try {
            log.appendDurably(AuditEvent.of("TEST_TAMPER", "U-TAMPER").subject("test", "after").build());
            sleep(1500);
            assertThat(log.latestCheckpoint().orElseThrow().size()).as("the witness refused; nothing new was published")
                    .isEqualTo(before.size());
        } finally {
            rewrite("UPDATE audit_entry SET entry = ? WHERE idx = ?", original, last);
        }
        assertThat(log.awaitCheckpoint(Duration.ofSeconds(10)).size()).isGreaterThan(before.size());
        assertThat(fsck()).contains("OK: ");
    }

    private String fsck() {
        return run("fsck", "--log", prefix, "--token", token, "--log-key", logKey, "--witness-key", witnessKey);
    }

    private String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new AuditVerifier());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        String text = out.toString();
        assertThat(code).as(text).isEqualTo(text.contains("OK: ") ? 0 : 1);
        return text;
    }

    private byte[] entry(long idx) {
        return jdbc.queryForObject("SELECT entry FROM audit_entry WHERE idx = ?", byte[].class, idx);
    }

    private void rewrite(String sql, Object... args) {
        superuser.executeWithoutResult(s -> {
            ownerJdbc.execute("SET LOCAL session_replication_role = replica");
            ownerJdbc.update(sql, args);
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
