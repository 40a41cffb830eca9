package se.nyckelfri.access.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.policy.Decision;
import se.nyckelfri.access.grant.policy.DenyReason;
import se.nyckelfri.access.grant.policy.PolicyDecisions;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.testsupport.AccessModuleTest;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;

/**
 * Granting and revoking, in the access service's own module test on embedded PostgreSQL: what a grant allows is what
 * the policy decides and what the staff list shows, and every change is in the audit log.
 */
class GrantServiceTest extends AccessModuleTest {

    private static final Actor ADMIN = new Actor("admin:grant-test", "U-GRANT-TEST", Role.ADMIN, Set.of(), null);

    @Autowired
    GrantService grants;
    @Autowired
    PolicyDecisions decisions;
    @Autowired
    GrantedResidents granted;
    @Autowired
    ResidentService residents;
    @Autowired
    AuditTrail trail;

    @Test
    void grantWhenWeekdayMorningsThenAllowedInsideTheWindowOnlyAndListedOnWeekdays() {
        TestWorlds.World world = worlds.create();
        AccessGrant grant = grants.grant(ADMIN, TestGrants.recurring().weekdays("07:00-07:45").to(world.a()).request());
        LocalDate monday = LocalDate.now(Schedule.ZONE).with(TemporalAdjusters.next(DayOfWeek.MONDAY));

        Decision inside = decisions.decide(world.a().staffId(), world.a().lockId(), at(monday, "07:10"));
        assertThat(inside.allowed()).isTrue();
        assertThat(inside.grantId()).isEqualTo(grant.getId());
        assertThat(decisions.decide(world.a().staffId(), world.a().lockId(), at(monday, "07:45")).reason())
                .as("the window's end is not in it").isEqualTo(DenyReason.OUTSIDE_WINDOW);
        assertThat(decisions.decide(world.a().staffId(), world.a().lockId(), at(monday.plusDays(5), "07:10")).reason())
                .as("Saturday").isEqualTo(DenyReason.OUTSIDE_WINDOW);
        assertThat(decisions.decide(world.b().staffId(), world.a().lockId(), at(monday, "07:10")).reason())
                .as("another unit's staff member").isEqualTo(DenyReason.NO_GRANT);

        assertThat(granted.toVisitOn(world.a().staffId(), monday)).containsExactly(world.a().residentId());
        assertThat(granted.toVisitOn(world.a().staffId(), monday.plusDays(6))).as("Sunday").isEmpty();
    }

    @Test
    void revokeWhenInForceThenDeniedAtOnceAndBothChangesRecorded() {
        TestWorlds.World world = worlds.create();
        AccessGrant grant = grants.grant(ADMIN, TestGrants.recurring().everyDay("00:00-23:59").to(world.a()).request());
        assertThat(decisions.decide(world.a().staffId(), world.a().lockId(), Instant.now()).allowed()).isTrue();

        grants.revoke(ADMIN, grant.getId(), "Test over");

        assertThat(decisions.decide(world.a().staffId(), world.a().lockId(), Instant.now()).reason())
                .isEqualTo(DenyReason.REVOKED);
        assertThat(trail.find(new AuditTrail.Query(null, "grant", grant.getId().toString(), null, null, null, -1, 10)))
                .extracting(AuditRecord::event).extracting(e -> e.type())
                .containsExactly("GRANT_CREATED", "GRANT_REVOKED");
    }

    @Test
    void grantWhenTheResidentWithdrewConsentThenRefusedAndNothingRecorded() {
        TestWorlds.World world = worlds.create();
        residents.withdrawConsent(ADMIN, world.a().residentId(), world.a().consentId(), "Test", 0);
        long before = created();

        assertThatThrownBy(() -> grants.grant(ADMIN, TestGrants.recurring().weekdays("07:00-07:45").to(world.a()).request()))
                .isInstanceOf(ConflictException.class);
        assertThat(grants.forResident(ADMIN, world.a().residentId())).isEmpty();
        assertThat(created()).as("nothing recorded").isEqualTo(before);
    }

    /** Grants this test class's administrator has created, as the log tells. */
    private long created() {
        return trail.find(new AuditTrail.Query("GRANT_CREATED", null, null, ADMIN.pseudonym(), null, null, -1, 1000)).size();
    }

    private static Instant at(LocalDate day, String time) {
        return ZonedDateTime.of(day, LocalTime.parse(time), Schedule.ZONE).toInstant();
    }
}
