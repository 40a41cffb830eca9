package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.platform.testsupport.TestPlatforms;

/**
 * An installation upgraded from a version whose emergency openings lived only in the audit log: at the next start
 * each gets its row, linked to the credential issued for it, so that no unreviewed emergency drops off the review
 * pages; and only once.
 */
class EmergencyUpgradeTest {

    @TempDir
    Path data;

    @Test
    void startWhenTheLogHoldsEmergenciesWithoutRowsThenEachGetsItsRowOnceWithItsCredential() throws Exception {
        long emergency;
        TestWorlds.World world;
        try (ConfigurableApplicationContext before = TestPlatforms.start(data, "--logging.level.root=WARN")) {
            world = before.getAutowireCapableBeanFactory().createBean(TestWorlds.class).create();
            String staff = before.getBean(Accounts.class).find(world.a().staff()).orElseThrow().pseudonym();
            AuditLog audit = before.getBean(AuditLog.class);
            // what an earlier version left: the entry and the credential issued for it, no row
            emergency = audit.appendDurably(AuditEvent.of("EMERGENCY_ACCESS", staff).subject("lock", world.a().lockId())
                    .outcome("ALLOWED", "NO_ANSWER").attribute("alarm_reference", "LARM-1").build());
            audit.appendDurably(AuditEvent.of("CREDENTIAL_ISSUED", staff).subject("lock", world.a().lockId())
                    .attribute("credential", "0d0d0d0d").attribute("staff", staff).attribute("emergency", emergency).build());
            JdbcTemplate jdbc = before.getBean(JdbcTemplate.class);
            jdbc.update("DELETE FROM emergency_opening");   // as before this version: there was no such row
            jdbc.update("""
                    INSERT INTO lock_receipt (lock_id, counter, receipt, outcome, reason, credential_id, audit_index, received_at)
                    VALUES (?, 1, ?, 'OPENED', 0, ?, NULL, now())""", world.a().lockId(), new byte[] {1}, new byte[] {13, 13, 13, 13});
        }
        try (ConfigurableApplicationContext after = TestPlatforms.start(data, "--logging.level.root=WARN")) {
            EmergencyOpenings.Opening opening = after.getBean(EmergencyOpenings.class).at(emergency).orElseThrow();
            assertThat(opening.cause()).isEqualTo("NO_ANSWER");
            assertThat(opening.alarmReference()).isEqualTo("LARM-1");
            assertThat(opening.lock()).isEqualTo(world.a().lockId().toString());
            assertThat(opening.lockOutcome()).as("linked to its credential, so to the lock's receipt").isEqualTo("OPENED");

            after.getBean("emergencyOpeningBackfill", ApplicationRunner.class).run(null);
            assertThat(after.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT count(*) FROM emergency_opening WHERE audit_index = ?", Long.class, emergency)).isEqualTo(1);
        }
    }
}
