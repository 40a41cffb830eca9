package se.nyckelfri.access.grant.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.access.grant.policy.AccessPolicy.GrantFacts;
import se.nyckelfri.access.grant.policy.AccessPolicy.LockFacts;
import se.nyckelfri.access.grant.policy.AccessPolicy.StaffFacts;

/** The access rule with overlapping grants, and each deny reason. */
class AccessPolicyProperties {

    private static final Instant BASE = Instant.parse("2026-03-29T00:00:00Z"); // the spring-forward weekend
    private static final LockFacts ACTIVE_LOCK = new LockFacts(true);
    private static final StaffFacts EMPLOYED = new StaffFacts(true);

    /** With many overlapping grants, the door opens exactly when some live, consented grant covers the moment. */
    @Property(tries = 2000)
    void decideWhenGrantsOverlapThenAllowIffSomeLiveConsentedGrantCovers(@ForAll("grantLists") List<GrantFacts> grants,
                                                                        @ForAll("moments") Instant at) {
        Decision decision = AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, grants, at);
        boolean someCovers = grants.stream().anyMatch(g -> !g.revoked() && g.consentActive() && g.schedule().covers(at));
        assertThat(decision.allowed()).isEqualTo(someCovers);
        if (decision.allowed()) {
            GrantFacts named = grants.stream().filter(g -> g.grantId().equals(decision.grantId())).findFirst().orElseThrow();
            assertThat(named.revoked()).isFalse();
            assertThat(named.consentActive()).isTrue();
            assertThat(named.schedule().covers(at)).isTrue();
        }
    }

    /** The order grants are found in never changes the answer or the grant named. */
    @Property(tries = 1000)
    void decideWhenGrantsReorderedThenSameDecision(@ForAll("grantLists") List<GrantFacts> grants,
                                                  @ForAll("moments") Instant at, @ForAll long seed) {
        List<GrantFacts> shuffled = new ArrayList<>(grants);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, shuffled, at))
                .isEqualTo(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, grants, at));
    }

    /** Adding a grant can open a door but never close one. */
    @Property(tries = 1000)
    void decideWhenGrantAddedThenNeverLessAccess(@ForAll("grantLists") List<GrantFacts> grants,
                                                @ForAll("grants") GrantFacts extra, @ForAll("moments") Instant at) {
        List<GrantFacts> more = new ArrayList<>(grants);
        more.add(extra);
        if (AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, grants, at).allowed()) {
            assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, more, at).allowed()).isTrue();
        }
    }

    /** Revoking the grant that opened the door keeps it open only if another live grant covers the moment. */
    @Property(tries = 1000)
    void decideWhenAllowingGrantRevokedThenOpenOnlyThroughAnother(@ForAll("grantLists") List<GrantFacts> grants,
                                                                 @ForAll("moments") Instant at) {
        Decision before = AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, grants, at);
        if (!before.allowed()) {
            return;
        }
        List<GrantFacts> after = grants.stream()
                .map(g -> g.grantId().equals(before.grantId())
                        ? new GrantFacts(g.grantId(), g.personal(), true, g.consentActive(), g.schedule()) : g)
                .toList();
        Decision decision = AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, after, at);
        assertThat(decision.grantId()).isNotEqualTo(before.grantId());
        assertThat(decision.allowed()).isEqualTo(after.stream()
                .anyMatch(g -> !g.revoked() && g.consentActive() && g.schedule().covers(at)));
    }

    /** Whatever the grants say, an inactive lock or an ended employment keeps the door shut. */
    @Property(tries = 500)
    void decideWhenLockOrStaffInactiveThenDenyWhateverTheGrants(@ForAll("grantLists") List<GrantFacts> grants,
                                                               @ForAll("moments") Instant at) {
        assertThat(AccessPolicy.decide(new LockFacts(false), EMPLOYED, grants, at))
                .isEqualTo(Decision.deny(DenyReason.LOCK_INACTIVE));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, new StaffFacts(false), grants, at))
                .isEqualTo(Decision.deny(DenyReason.STAFF_INACTIVE));
    }

    /**
     * In an emergency the windows do not apply, and nothing else changes: the door opens exactly when some live,
     * consented grant is in force (begun, not ended), and always when it would open anyway.
     */
    @Property(tries = 2000)
    void decideEmergencyWhenGrantsOverlapThenAllowIffSomeLiveConsentedGrantIsInForce(
            @ForAll("grantLists") List<GrantFacts> grants, @ForAll("moments") Instant at) {
        Decision emergency = AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, grants, at);
        assertThat(emergency.allowed())
                .isEqualTo(grants.stream().anyMatch(g -> !g.revoked() && g.consentActive() && g.schedule().inForceAt(at)));
        if (AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, grants, at).allowed()) {
            assertThat(emergency.allowed()).isTrue();
        }
        assertThat(AccessPolicy.decideEmergency(new LockFacts(false), EMPLOYED, grants, at))
                .isEqualTo(Decision.deny(DenyReason.LOCK_INACTIVE));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, new StaffFacts(false), grants, at))
                .isEqualTo(Decision.deny(DenyReason.STAFF_INACTIVE));
    }

    /**
     * An emergency-only grant never opens a door the ordinary way. The reason is {@code EMERGENCY_ONLY} exactly when
     * nothing covers the moment, some live, consented grant that has not ended has begun, and every one of them is
     * for emergencies only.
     */
    @Property(tries = 2000)
    void decideWhenOnlyEmergencyGrantsRemainThenEmergencyOnlyAndNeverAnOrdinaryOpening(
            @ForAll("grantLists") List<GrantFacts> grants, @ForAll("moments") Instant at) {
        Decision decision = AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, grants, at);
        if (decision.allowed()) {
            GrantFacts named = grants.stream().filter(g -> g.grantId().equals(decision.grantId())).findFirst().orElseThrow();
            assertThat(named.schedule().kind()).isNotEqualTo(GrantKind.EMERGENCY_ONLY);
        }
        List<GrantFacts> remaining = grants.stream()
                .filter(g -> !g.revoked() && g.consentActive() && !g.schedule().isOverAt(at)).toList();
        boolean onlyEmergency = !remaining.isEmpty() && !decision.allowed()
                && !remaining.stream().allMatch(g -> g.schedule().beginsAfter(at))
                && remaining.stream().allMatch(g -> g.schedule().kind() == GrantKind.EMERGENCY_ONLY);
        assertThat(decision.equals(Decision.deny(DenyReason.EMERGENCY_ONLY))).isEqualTo(onlyEmergency);
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, grants, at).reason())
                .as("the emergency route never answers 'use the emergency route'").isNotEqualTo(DenyReason.EMERGENCY_ONLY);
    }

    /**
     * "Not yet" is not "outside the window": the reason is {@code NOT_YET_VALID} exactly when the door stays shut and
     * every live, consented grant that has not ended is still to begin, by either route.
     */
    @Property(tries = 2000)
    void decideWhenEveryRemainingGrantIsStillToBeginThenNotYetValid(
            @ForAll("grantLists") List<GrantFacts> grants, @ForAll("moments") Instant at) {
        List<GrantFacts> remaining = grants.stream()
                .filter(g -> !g.revoked() && g.consentActive() && !g.schedule().isOverAt(at)).toList();
        boolean stillToBegin = !remaining.isEmpty() && remaining.stream().allMatch(g -> g.schedule().beginsAfter(at));
        for (Decision decision : List.of(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, grants, at),
                AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, grants, at))) {
            assertThat(decision.equals(Decision.deny(DenyReason.NOT_YET_VALID))).isEqualTo(stillToBegin);
        }
    }

    @Example
    void decideWhenEmergencyOnlyGrantThenRefusedOrdinarilyAndOpenInAnEmergencyWhileInForce() {
        Instant at = BASE.plusSeconds(60);
        GrantFacts alarmTeam = grant(false, false, true, Schedule.emergencyOnly(BASE.minus(Duration.ofDays(30)), null));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(alarmTeam), at))
                .isEqualTo(Decision.deny(DenyReason.EMERGENCY_ONLY));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(alarmTeam), at))
                .isEqualTo(Decision.allow(alarmTeam.grantId()));
        GrantFacts mondayMornings = grant(true, false, true, Schedule.recurring(BASE.minus(Duration.ofDays(30)), null,
                List.of(new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(7, 0), LocalTime.of(7, 45)))));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(alarmTeam, mondayMornings), at))
                .as("a visiting grant remains: its window is what is missing").isEqualTo(Decision.deny(DenyReason.OUTSIDE_WINDOW));
        GrantFacts ended = grant(false, false, true, Schedule.emergencyOnly(BASE.minus(Duration.ofDays(30)), BASE));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(ended), at)).isEqualTo(Decision.deny(DenyReason.EXPIRED));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(grant(false, false, false, alarmTeam.schedule())), at))
                .isEqualTo(Decision.deny(DenyReason.NO_CONSENT));
    }

    @Example
    void decideEmergencyWhenOutsideTheWeeklyWindowThenAllowedButNotBeforeTheGrantBeginsOrAfterItEnds() {
        Instant at = BASE.plusSeconds(60); // a Sunday night
        GrantFacts mondayMornings = grant(true, false, true, Schedule.recurring(BASE.minus(Duration.ofDays(30)),
                BASE.plus(Duration.ofDays(30)), List.of(new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(7, 0), LocalTime.of(7, 45)))));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(mondayMornings), at))
                .isEqualTo(Decision.deny(DenyReason.OUTSIDE_WINDOW));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(mondayMornings), at))
                .isEqualTo(Decision.allow(mondayMornings.grantId()));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(mondayMornings), BASE.plus(Duration.ofDays(31))))
                .isEqualTo(Decision.deny(DenyReason.EXPIRED));
        GrantFacts later = grant(true, false, true, Schedule.oneOff(BASE.plusSeconds(3600), BASE.plusSeconds(7200)));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(later), at))
                .isEqualTo(Decision.deny(DenyReason.NOT_YET_VALID));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(grant(true, true, true, mondayMornings.schedule())), at))
                .isEqualTo(Decision.deny(DenyReason.REVOKED));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(grant(true, false, false, mondayMornings.schedule())), at))
                .isEqualTo(Decision.deny(DenyReason.NO_CONSENT));
        assertThat(AccessPolicy.decideEmergency(ACTIVE_LOCK, EMPLOYED, List.of(), at)).isEqualTo(Decision.deny(DenyReason.NO_GRANT));
    }

    @Example
    void decideWhenPersonalAndTeamGrantBothCoverThenPersonalNamed() {
        GrantFacts team = grant(false, false, true, Schedule.oneOff(BASE, BASE.plusSeconds(3600)));
        GrantFacts personal = grant(true, false, true, Schedule.oneOff(BASE, BASE.plusSeconds(3600)));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(team, personal), BASE.plusSeconds(60)))
                .isEqualTo(Decision.allow(personal.grantId()));
    }

    @Example
    void decideWhenEachReasonThenThatReason() {
        Instant at = BASE.plusSeconds(60);
        Schedule covering = Schedule.oneOff(BASE, BASE.plusSeconds(3600));
        assertThat(AccessPolicy.decide(null, EMPLOYED, List.of(), at)).isEqualTo(Decision.deny(DenyReason.UNKNOWN_LOCK));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, null, List.of(), at)).isEqualTo(Decision.deny(DenyReason.UNKNOWN_STAFF));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(), at)).isEqualTo(Decision.deny(DenyReason.NO_GRANT));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(grant(true, true, true, covering)), at))
                .isEqualTo(Decision.deny(DenyReason.REVOKED));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(grant(true, false, false, covering)), at))
                .isEqualTo(Decision.deny(DenyReason.NO_CONSENT));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(grant(true, false, true, covering)),
                BASE.plusSeconds(3600))).isEqualTo(Decision.deny(DenyReason.EXPIRED));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(grant(true, false, true, covering)),
                BASE.minusSeconds(1))).isEqualTo(Decision.deny(DenyReason.NOT_YET_VALID));
        Schedule mondayMornings = Schedule.recurring(BASE.minus(Duration.ofDays(30)), null,
                List.of(new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(7, 0), LocalTime.of(7, 45))));
        assertThat(AccessPolicy.decide(ACTIVE_LOCK, EMPLOYED, List.of(grant(true, false, true, mondayMornings)), at))
                .isEqualTo(Decision.deny(DenyReason.OUTSIDE_WINDOW));
    }

    @Provide
    Arbitrary<List<GrantFacts>> grantLists() {
        return grants().list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<GrantFacts> grants() {
        Arbitrary<Schedule> oneOff = Combinators.combine(offsets(), Arbitraries.integers().between(1, 48 * 60))
                .as((start, minutes) -> Schedule.oneOff(BASE.plusSeconds(start), BASE.plusSeconds(start + minutes * 60L)));
        Arbitrary<Schedule> visit = Combinators.combine(offsets(), Arbitraries.integers().between(1, 240))
                .as((at, tolerance) -> Schedule.plannedVisit(BASE.plusSeconds(at), Duration.ofMinutes(tolerance)));
        Arbitrary<WeeklyWindow> window = Combinators.combine(Arbitraries.of(DayOfWeek.class),
                Arbitraries.integers().between(0, 24 * 60 - 1), Arbitraries.integers().between(0, 24 * 60 - 1))
                .as((day, s, e) -> new WeeklyWindow(day, LocalTime.of(s / 60, s % 60), LocalTime.of(e / 60, e % 60)));
        Arbitrary<Schedule> recurring = Combinators.combine(window.list().ofMinSize(1).ofMaxSize(4),
                offsets().injectNull(0.5))
                .as((windows, until) -> Schedule.recurring(BASE.minus(Duration.ofDays(10)),
                        until == null ? null : BASE.plusSeconds(Math.abs(until) + 60), windows));
        Arbitrary<Schedule> emergencyOnly = Combinators.combine(offsets(), offsets().injectNull(0.5))
                .as((start, length) -> Schedule.emergencyOnly(BASE.plusSeconds(start),
                        length == null ? null : BASE.plusSeconds(start + Math.abs(length) + 60)));
        return Combinators.combine(Arbitraries.create(UUID::randomUUID), Arbitraries.of(true, false),
                Arbitraries.of(true, false, false, false), Arbitraries.of(true, true, true, false),
                Arbitraries.oneOf(oneOff, visit, recurring, emergencyOnly)).as(GrantFacts::new);
    }

    /** Moments in the week around the spring-forward night. */
    @Provide
    Arbitrary<Instant> moments() {
        return offsets().map(BASE::plusSeconds);
    }

    private static Arbitrary<Long> offsets() {
        return Arbitraries.longs().between(-3 * 86_400, 4 * 86_400);
    }

    private static GrantFacts grant(boolean personal, boolean revoked, boolean consent, Schedule schedule) {
        return new GrantFacts(UUID.randomUUID(), personal, revoked, consent, schedule);
    }
}
