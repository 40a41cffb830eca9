package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.platform.testsupport.TestPlatforms;

/**
 * A platform that was just started and is not used leaves its database alone: the audit log's background threads
 * poll every 200 ms or so, they do not spin. (The integrator used to read the log's head thousands of times a second
 * until the first entry after a start, one busy database backend and one busy thread per idle platform.)
 */
class IdleAuditLogTest {

    @TempDir
    Path data;

    @Test
    void logWhenIdleAfterStartThenReadsItsEntriesTableOnlyAFewTimesASecond() throws Exception {
        try (ConfigurableApplicationContext context = TestPlatforms.start(data, "--logging.level.root=WARN")) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Thread.sleep(2000);   // start-up settles, and the backends flush their statistics (at most once a second)
            long before = reads(jdbc);
            Thread.sleep(4000);
            long after = reads(jdbc);
            System.out.printf("idle audit log: %d reads of audit_entry in 4 s (limit 200)%n", after - before);
            assertThat(after - before).as("reads of audit_entry in 4 s of idling").isLessThan(200);
        }
    }

    /** Scans of the log's entries table since the server started, as PostgreSQL's statistics count them. */
    private static long reads(JdbcTemplate jdbc) {
        return jdbc.queryForObject("""
                SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'audit_entry'""",
                Long.class);
    }
}
