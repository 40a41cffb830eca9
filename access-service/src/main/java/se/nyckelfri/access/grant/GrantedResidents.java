package se.nyckelfri.access.grant;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffMembers;

/**
 * Whose homes a staff member's grants reach: the residents of their live grants (personal, or for their care unit
 * while they are employed there), chosen by the grant's own {@link Schedule}. The staff app's lists ask here rather
 * than querying grants themselves, so the rule of when a grant applies lives in one place. Thread-safe.
 */
@Component
public class GrantedResidents {

    private final JdbcTemplate jdbc;
    private final Grants grants;
    private final StaffMembers staff;

    GrantedResidents(JdbcTemplate jdbc, Grants grants, StaffMembers staff) {
        this.jdbc = jdbc;
        this.grants = grants;
        this.staff = staff;
    }

    /** Residents with a grant that plans a visit by the staff member on {@code day} ({@link Schedule#plansVisitOn}). */
    @Transactional(readOnly = true)
    public List<UUID> toVisitOn(UUID staffMemberId, LocalDate day) {
        return residentsOf(staffMemberId, schedule -> schedule.plansVisitOn(day));
    }

    /** Residents with a grant in force at {@code at}, of any kind, emergency-only ones included. */
    @Transactional(readOnly = true)
    public List<UUID> inForceAt(UUID staffMemberId, Instant at) {
        return residentsOf(staffMemberId, schedule -> schedule.inForceAt(at));
    }

    /** A grant of the staff member's, its resident, and when in a span of time it lets them open. */
    public record Coverage(UUID grantId, UUID residentId, List<Schedule.Interval> intervals) { }

    /**
     * For each live grant of the staff member (personal, or for their unit while they are employed there), the
     * stretches of {@code [from, to)} its schedule covers ({@link Schedule#coveredIntervals}); grants that cover
     * none are left out. What an offline credential may span.
     */
    @Transactional(readOnly = true)
    public List<Coverage> coverage(UUID staffMemberId, Instant from, Instant to) {
        return liveGrants(staffMemberId).stream()
                .map(grant -> new Coverage(grant.getId(), grant.getResidentId(), grant.schedule().coveredIntervals(from, to)))
                .filter(c -> !c.intervals().isEmpty()).toList();
    }

    private List<UUID> residentsOf(UUID staffMemberId, Predicate<Schedule> applies) {
        return liveGrants(staffMemberId).stream().filter(grant -> applies.test(grant.schedule()))
                .map(AccessGrant::getResidentId).distinct().toList();
    }

    private List<AccessGrant> liveGrants(UUID staffMemberId) {
        StaffMember member = staff.findById(staffMemberId).filter(StaffMember::isActive).orElse(null);
        if (member == null) {
            return List.of();
        }
        List<UUID> live = jdbc.queryForList("""
                SELECT g.id FROM access_grant g
                WHERE g.revoked_at IS NULL AND (g.staff_member_id = ? OR g.care_unit_id = ?)
                ORDER BY g.granted_at""", UUID.class, member.getId(), member.getCareUnitId());
        return grants.findAllById(live);
    }
}
