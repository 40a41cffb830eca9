package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.access.grant.policy.Decision;
import se.nyckelfri.access.grant.policy.DenyReason;
import se.nyckelfri.access.grant.policy.PolicyDecisions;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** The decision over the real schema: shared entrances, residents of two providers, unknown ids. */
class PolicyDecisionsTest extends PlatformIntegrationTest {

    private static final Actor ADMIN = new Actor("test-admin", "U-POLICYTEST", Role.ADMIN, Set.of(), null);
    /** A Monday well after the grants the tests make from now: the tests answer the same on any day. */
    private static final LocalDate MONDAY = LocalDate.now(Schedule.ZONE).plusWeeks(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    private static final Instant MONDAY_0710 = MONDAY.atTime(7, 10).atZone(Schedule.ZONE).toInstant();

    @Autowired
    PolicyDecisions decisions;
    @Autowired
    GrantService grants;
    @Autowired
    PremisesService premises;
    @Autowired
    ResidentService residents;
    World world;

    @BeforeEach
    void world() {
        world = worlds.create();
    }

    @Test
    void decideWhenEntranceServesTheGrantedResidentThenEntranceOpensButNeighboursFlatDoesNot() {
        UUID entrance = entranceLockFor(Set.of(world.a().residentId(), world.b().residentId()));
        morningGrant(world.a().residentId(), AccessGrant.Grantee.staff(world.a().staffId()));

        Decision atEntrance = decisions.decide(world.a().staffId(), entrance, MONDAY_0710);
        assertThat(atEntrance.allowed()).isTrue();
        assertThat(decisions.decide(world.a().staffId(), world.a().lockId(), MONDAY_0710).allowed()).isTrue();
        assertThat(decisions.decide(world.a().staffId(), world.b().lockId(), MONDAY_0710))
                .isEqualTo(Decision.deny(DenyReason.NO_GRANT));
        assertThat(decisions.decide(world.b().staffId(), entrance, MONDAY_0710))
                .isEqualTo(Decision.deny(DenyReason.NO_GRANT));
    }

    @Test
    void decideWhenResidentServedByTwoUnitsThenEachUnitsTeamGrantWorksForItsOwnStaffOnly() {
        residents.addCareUnit(ADMIN, world.a().residentId(), world.b().id());
        AccessGrant lunch = grants.grant(ADMIN, new GrantService.GrantRequest(world.a().residentId(),
                AccessGrant.Grantee.team(world.b().id()), GrantKind.RECURRING,
                List.of(new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(11, 30), LocalTime.of(13, 0))),
                null, null, null, null, "Lunch (LOV)"));
        Instant noon = MONDAY.atTime(12, 0).atZone(Schedule.ZONE).toInstant();
        assertThat(decisions.decide(world.b().staffId(), world.a().lockId(), noon)).isEqualTo(Decision.allow(lunch.getId()));
        assertThat(decisions.decide(world.b().staffId(), world.a().lockId(), MONDAY_0710))
                .isEqualTo(Decision.deny(DenyReason.OUTSIDE_WINDOW));
        assertThat(decisions.decide(world.a().staffId(), world.a().lockId(), noon))
                .isEqualTo(Decision.deny(DenyReason.NO_GRANT));
    }

    @Test
    void decideWhenIdsUnknownThenUnknownLockOrStaff() {
        assertThat(decisions.decide(world.a().staffId(), UUID.randomUUID(), MONDAY_0710))
                .isEqualTo(Decision.deny(DenyReason.UNKNOWN_LOCK));
        assertThat(decisions.decide(UUID.randomUUID(), world.a().lockId(), MONDAY_0710))
                .isEqualTo(Decision.deny(DenyReason.UNKNOWN_STAFF));
    }

    @Test
    void decideWhenLockOnlyCommissionedThenLockInactiveUntilActivated() {
        Door door = premises.registerDoor(ADMIN, Door.Kind.FLAT, "Nygatan 2", Set.of(world.a().residentId()));
        LockDevice lock = premises.registerLock(ADMIN, door.getId(), "test", "T-" + UUID.randomUUID(),
                TestWorlds.p256PublicKey(), null);
        morningGrant(world.a().residentId(), AccessGrant.Grantee.staff(world.a().staffId()));
        assertThat(decisions.decide(world.a().staffId(), lock.getId(), MONDAY_0710))
                .isEqualTo(Decision.deny(DenyReason.LOCK_INACTIVE));
        premises.activate(ADMIN, lock.getId(), lock.getVersion());
        assertThat(decisions.decide(world.a().staffId(), lock.getId(), MONDAY_0710).allowed()).isTrue();
    }

    private UUID entranceLockFor(Set<UUID> residentIds) {
        Door door = premises.registerDoor(ADMIN, Door.Kind.ENTRANCE, "Storgatan 3, port", residentIds);
        LockDevice lock = premises.registerLock(ADMIN, door.getId(), "test", "T-" + UUID.randomUUID(),
                TestWorlds.p256PublicKey(), null);
        return premises.activate(ADMIN, lock.getId(), lock.getVersion()).getId();
    }

    private AccessGrant morningGrant(UUID resident, AccessGrant.Grantee grantee) {
        return grants.grant(ADMIN, new GrantService.GrantRequest(resident, grantee, GrantKind.RECURRING,
                List.of(new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(7, 0), LocalTime.of(7, 45))),
                null, null, null, null, "Morning visit"));
    }
}
