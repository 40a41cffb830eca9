package se.nyckelfri.access.grant.policy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.Schedule;

/**
 * The access rule as a pure function of the facts, so that it can be reasoned about and property-tested on its
 * own. Thread-safe (stateless).
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /** The lock as the policy sees it; {@code null} facts mean the lock does not exist. */
    public record LockFacts(boolean active) { }

    /** The staff member as the policy sees it. */
    public record StaffFacts(boolean employed) { }

    /**
     * One candidate grant: to a resident behind the lock's door, for the staff member personally or for their
     * care unit.
     */
    public record GrantFacts(UUID grantId, boolean personal, boolean revoked, boolean consentActive, Schedule schedule) { }

    private static final Comparator<GrantFacts> PREFERENCE =
            Comparator.comparing((GrantFacts g) -> !g.personal()).thenComparing(GrantFacts::grantId);

    /**
     * Decides. Allows only if the lock is active, the staff member employed, and some unrevoked grant with an
     * active consent covers {@code at}; a personal grant is named before a team grant. Otherwise denies with the
     * first {@link DenyReason} that applies. An emergency-only grant never covers an ordinary opening: when every
     * consented grant that has not ended is one, the reason is {@link DenyReason#EMERGENCY_ONLY}.
     */
    public static Decision decide(LockFacts lock, StaffFacts staff, List<GrantFacts> grants, Instant at) {
        return decide(lock, staff, grants, at, false);
    }

    /**
     * Decides an emergency opening (an alarm, a resident who does not answer the door): the same rule as
     * {@link #decide}, except that a grant's weekly windows do not apply, and an emergency-only grant counts. Staff
     * who care for the resident, and the alarm responders granted for emergencies only, may then enter at any hour,
     * and every such opening is recorded as an emergency for review. Everything else still
     * refuses: no grant, a revoked grant, no consent, a grant not yet begun or ended for good, an inactive lock, ended
     * employment.
     */
    public static Decision decideEmergency(LockFacts lock, StaffFacts staff, List<GrantFacts> grants, Instant at) {
        return decide(lock, staff, grants, at, true);
    }

    private static Decision decide(LockFacts lock, StaffFacts staff, List<GrantFacts> grants, Instant at, boolean emergency) {
        if (lock == null) {
            return Decision.deny(DenyReason.UNKNOWN_LOCK);
        }
        if (staff == null) {
            return Decision.deny(DenyReason.UNKNOWN_STAFF);
        }
        if (!lock.active()) {
            return Decision.deny(DenyReason.LOCK_INACTIVE);
        }
        if (!staff.employed()) {
            return Decision.deny(DenyReason.STAFF_INACTIVE);
        }
        if (grants.isEmpty()) {
            return Decision.deny(DenyReason.NO_GRANT);
        }
        List<GrantFacts> live = grants.stream().filter(g -> !g.revoked()).toList();
        if (live.isEmpty()) {
            return Decision.deny(DenyReason.REVOKED);
        }
        List<GrantFacts> consented = live.stream().filter(GrantFacts::consentActive).toList();
        if (consented.isEmpty()) {
            return Decision.deny(DenyReason.NO_CONSENT);
        }
        Optional<GrantFacts> covering = consented.stream()
                .filter(g -> emergency ? g.schedule().inForceAt(at) : g.schedule().covers(at)).min(PREFERENCE);
        if (covering.isPresent()) {
            return Decision.allow(covering.get().grantId());
        }
        List<GrantFacts> notOver = consented.stream().filter(g -> !g.schedule().isOverAt(at)).toList();
        if (notOver.isEmpty()) {
            return Decision.deny(DenyReason.EXPIRED);
        }
        if (notOver.stream().allMatch(g -> g.schedule().beginsAfter(at))) {
            return Decision.deny(DenyReason.NOT_YET_VALID);
        }
        boolean onlyForEmergencies = notOver.stream().allMatch(g -> g.schedule().kind() == GrantKind.EMERGENCY_ONLY);
        return Decision.deny(onlyForEmergencies && !emergency ? DenyReason.EMERGENCY_ONLY : DenyReason.OUTSIDE_WINDOW);
    }
}
