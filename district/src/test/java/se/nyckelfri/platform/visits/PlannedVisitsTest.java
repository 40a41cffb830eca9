package se.nyckelfri.platform.visits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.OutOfScopeException;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.visits.PlannedVisits;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * Planned versus actual on real data: a lock's "opened" receipts, matched to the staff member through the credential
 * issued for that lock, and marked covered or outside their grants.
 */
class PlannedVisitsTest extends PlatformIntegrationTest {

    private static final Actor SYSTEM = new Actor("system:test", "SYSTEM-TEST", Role.ADMIN, Set.of(), null);

    @Autowired
    PlannedVisits visits;
    @Autowired
    GrantService grants;
    @Autowired
    Accounts accounts;
    @Autowired
    AuditLog audit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EmergencyOpenings emergencies;

    @Test
    void dayWhenTheLockOpenedForAGrantedAndAnUnknownCredentialThenOneCoveredOneOutside() {
        TestWorlds.World world = worlds.create();
        grants.grant(SYSTEM, new GrantService.GrantRequest(world.a().residentId(), AccessGrant.Grantee.staff(world.a().staffId()),
                GrantKind.RECURRING, Arrays.stream(DayOfWeek.values()).map(d -> new WeeklyWindow(d, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)).toList(),
                Instant.now().minusSeconds(3600), null, null, null, "Morgonbesök"));
        String staff = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        audit.appendDurably(AuditEvent.of("CREDENTIAL_ISSUED", staff).subject("lock", world.a().lockId())
                .attribute("credential", "0a0b0c0d").attribute("staff", staff).build());
        receipt(world, 1, "0a0b0c0d");
        receipt(world, 2, "ffeeddcc"); // opened for a credential nobody was issued
        Actor manager = accounts.find(world.a().manager()).orElseThrow();
        long reads = visitReads();

        List<PlannedVisits.ResidentDay> day = visits.day(manager, world.a().id(), LocalDate.now(Schedule.ZONE));

        assertThat(day).hasSize(1);
        PlannedVisits.ResidentDay resident = day.get(0);
        assertThat(resident.planned()).extracting(AccessGrant::getPurpose).containsExactly("Morgonbesök");
        assertThat(resident.openings()).hasSize(2);
        assertThat(resident.openings().get(0).staffName()).startsWith("Staff A");
        assertThat(resident.openings().get(0).covered()).isTrue();
        assertThat(resident.openings().get(1).staffName()).isNull();
        assertThat(resident.openings().get(1).covered()).isFalse();
        assertThat(resident.anyUncovered()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> visitReads() == reads + 1); // looking is recorded
    }

    @Test
    void dayWhenTheLockOpenedForAnEmergencyCredentialThenThatOpeningCarriesItsCause() {
        TestWorlds.World world = worlds.create();
        grants.grant(SYSTEM, new GrantService.GrantRequest(world.a().residentId(), AccessGrant.Grantee.staff(world.a().staffId()),
                GrantKind.RECURRING, List.of(new WeeklyWindow(LocalDate.now(Schedule.ZONE).getDayOfWeek().plus(3),
                        LocalTime.of(7, 0), LocalTime.of(7, 45))), Instant.now().minusSeconds(86_400), null, null, null, "Morgonbesök"));
        String staff = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        audit.appendDurably(AuditEvent.of("CREDENTIAL_ISSUED", staff).subject("lock", world.a().lockId())
                .attribute("credential", "01010101").attribute("staff", staff).build());
        long emergency = emergencies.record(staff, world.a().lockId(), null, "ALARM", null);
        audit.appendDurably(AuditEvent.of("CREDENTIAL_ISSUED", staff).subject("lock", world.a().lockId())
                .attribute("credential", "02020202").attribute("staff", staff).attribute("emergency", emergency).build());
        emergencies.credentialIssued(emergency, new byte[] {2, 2, 2, 2});
        receipt(world, 1, "01010101"); // an earlier, ordinary opening
        receipt(world, 2, "02020202");

        List<PlannedVisits.Opening> openings = visits.day(accounts.find(world.a().manager()).orElseThrow(), world.a().id(),
                LocalDate.now(Schedule.ZONE)).get(0).openings();

        assertThat(openings).extracting(PlannedVisits.Opening::emergencyCause).containsExactly(null, "ALARM");
        assertThat(openings).extracting(PlannedVisits.Opening::covered).containsExactly(false, false);
    }

    private long visitReads() {
        return auditEntries("type = 'VISITS_READ'");
    }

    @Test
    void dayWhenAnotherUnitsManagerAsksThenRefused() {
        TestWorlds.World world = worlds.create();
        Actor otherManager = accounts.find(world.b().manager()).orElseThrow();

        assertThatThrownBy(() -> visits.day(otherManager, world.a().id(), LocalDate.now(Schedule.ZONE)))
                .isInstanceOf(OutOfScopeException.class);
    }

    private void receipt(TestWorlds.World world, long counter, String credentialHex) {
        jdbc.update("""
                INSERT INTO lock_receipt (lock_id, counter, receipt, outcome, reason, credential_id, audit_index, received_at)
                VALUES (?, ?, ?, 'OPENED', 0, ?, NULL, ?)""", world.a().lockId(), counter, new byte[] {1},
                HexFormat.of().parseHex(credentialHex), Timestamp.from(Instant.now().minusSeconds(60 - counter)));
    }
}
