package se.nyckelfri.access.testsupport;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.WeeklyWindow;

/**
 * Grants for tests, as builders: {@code TestGrants.recurring().weekdays("07:00-07:45").to(unit).request()} is a weekly
 * morning visit by the unit's staff member to the unit's resident. Shared with the other modules' tests through
 * access-service's test-jar.
 */
public final class TestGrants {

    private final GrantKind kind;
    private final List<WeeklyWindow> windows = new ArrayList<>();
    private UUID residentId;
    private AccessGrant.Grantee grantee;
    private Instant validFrom;
    private Instant validUntil;
    private Instant visitAt;
    private Integer toleranceMinutes;
    private String purpose = "Test visit";

    private TestGrants(GrantKind kind) {
        this.kind = kind;
    }

    /** Weekly windows; add them with {@link #weekdays}, {@link #everyDay} or {@link #on}. */
    public static TestGrants recurring() {
        return new TestGrants(GrantKind.RECURRING);
    }

    /** One range of time, from {@code from} for {@code length}. */
    public static TestGrants once(Instant from, Duration length) {
        TestGrants grant = new TestGrants(GrantKind.ONE_OFF);
        grant.validFrom = from;
        grant.validUntil = from.plus(length);
        return grant;
    }

    /** One planned visit at {@code at}, open {@code toleranceMinutes} either side. */
    public static TestGrants plannedVisit(Instant at, int toleranceMinutes) {
        TestGrants grant = new TestGrants(GrantKind.PLANNED_VISIT);
        grant.visitAt = at;
        grant.toleranceMinutes = toleranceMinutes;
        return grant;
    }

    /** No visiting windows: the door opens under it only in an emergency. */
    public static TestGrants emergencyOnly() {
        return new TestGrants(GrantKind.EMERGENCY_ONLY);
    }

    /** Monday to Friday, {@code "HH:mm-HH:mm"} in Europe/Stockholm wall-clock time (an end before the start runs overnight). */
    public TestGrants weekdays(String window) {
        return on(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), window);
    }

    /** Every day of the week. */
    public TestGrants everyDay(String window) {
        return on(EnumSet.allOf(DayOfWeek.class), window);
    }

    /** The given days, {@code "HH:mm-HH:mm"}. */
    public TestGrants on(Set<DayOfWeek> days, String window) {
        String[] ends = window.split("-");
        for (DayOfWeek day : days) {
            windows.add(new WeeklyWindow(day, LocalTime.parse(ends[0]), LocalTime.parse(ends[1])));
        }
        return this;
    }

    /** For the unit's resident, to the unit's staff member (a personal grant). */
    public TestGrants to(TestWorlds.Unit unit) {
        return resident(unit.residentId()).staff(unit.staffId());
    }

    /** For the unit's resident, to the whole of {@code team} (a team grant). */
    public TestGrants toTeam(TestWorlds.Unit unit, UUID team) {
        residentId = unit.residentId();
        grantee = AccessGrant.Grantee.team(team);
        return this;
    }

    public TestGrants resident(UUID id) {
        residentId = id;
        return this;
    }

    public TestGrants staff(UUID staffMemberId) {
        grantee = AccessGrant.Grantee.staff(staffMemberId);
        return this;
    }

    /** Within an overall validity period (a recurring or emergency-only grant). */
    public TestGrants valid(Instant from, Instant until) {
        validFrom = from;
        validUntil = until;
        return this;
    }

    public TestGrants purpose(String text) {
        purpose = text;
        return this;
    }

    /** The request, as a manager would send it. */
    public GrantService.GrantRequest request() {
        if (residentId == null || grantee == null) {
            throw new IllegalStateException("say whose home and to whom: to(unit), or resident(…) and staff(…)");
        }
        return new GrantService.GrantRequest(residentId, grantee, kind, List.copyOf(windows), validFrom, validUntil, visitAt,
                toleranceMinutes, purpose);
    }
}
