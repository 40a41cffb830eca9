package se.nyckelfri.access.grant.policy;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;

/**
 * {@link AccessPolicy} over the live database: two indexed lookups (lock and staff member; candidate grants with
 * their windows and the residents' consent), then the pure rule. Reads committed state, so a revocation or a
 * consent withdrawal applies from the moment it commits. Thread-safe.
 */
@Component
public class PolicyDecisions {

    private final JdbcTemplate jdbc;

    public PolicyDecisions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** May {@code staffMemberId} open {@code lockId} at {@code at}? */
    public Decision decide(UUID staffMemberId, UUID lockId, Instant at) {
        return decide(staffMemberId, lockId, at, false);
    }

    /** May {@code staffMemberId} open {@code lockId} at {@code at} in an emergency? See {@link AccessPolicy#decideEmergency}. */
    public Decision decideEmergency(UUID staffMemberId, UUID lockId, Instant at) {
        return decide(staffMemberId, lockId, at, true);
    }

    private Decision decide(UUID staffMemberId, UUID lockId, Instant at, boolean emergency) {
        record Subjects(AccessPolicy.LockFacts lock, AccessPolicy.StaffFacts staff, UUID staffUnit) { }
        Subjects subjects = jdbc.queryForObject("""
                SELECT (SELECT state FROM lock_status WHERE lock_id = ?) AS lock_state,
                       s.employment_status, s.care_unit_id
                FROM (SELECT 1) one LEFT JOIN staff_employment s ON s.staff_member_id = ?""",
                (rs, n) -> new Subjects(
                        rs.getString("lock_state") == null ? null
                                : new AccessPolicy.LockFacts("ACTIVE".equals(rs.getString("lock_state"))),
                        rs.getString("employment_status") == null ? null
                                : new AccessPolicy.StaffFacts("ACTIVE".equals(rs.getString("employment_status"))),
                        rs.getObject("care_unit_id", UUID.class)),
                lockId, staffMemberId);
        if (subjects.lock() == null || subjects.staff() == null
                || !subjects.lock().active() || !subjects.staff().employed()) {
            return AccessPolicy.decide(subjects.lock(), subjects.staff(), List.of(), at); // refused the same either way
        }
        List<AccessPolicy.GrantFacts> grants = jdbc.query("""
                SELECT g.id, g.staff_member_id IS NOT NULL AS personal, g.revoked_at IS NOT NULL AS revoked,
                       g.kind, g.valid_from, g.valid_until,
                       EXISTS (SELECT 1 FROM consent_in_force c WHERE c.resident_id = g.resident_id) AS consent_active,
                       ARRAY(SELECT w.day_of_week || ' ' || w.start_time || ' ' || w.end_time
                             FROM grant_window w WHERE w.grant_id = g.id) AS windows
                FROM lock_resident l
                JOIN access_grant g ON g.resident_id = l.resident_id
                WHERE l.lock_id = ? AND (g.staff_member_id = ? OR g.care_unit_id = ?)""",
                PolicyDecisions::grantFacts, lockId, staffMemberId, subjects.staffUnit());
        return emergency ? AccessPolicy.decideEmergency(subjects.lock(), subjects.staff(), grants, at)
                : AccessPolicy.decide(subjects.lock(), subjects.staff(), grants, at);
    }

    private static AccessPolicy.GrantFacts grantFacts(ResultSet rs, int row) throws SQLException {
        Timestamp until = rs.getTimestamp("valid_until");
        Schedule schedule = new Schedule(GrantKind.valueOf(rs.getString("kind")),
                rs.getTimestamp("valid_from").toInstant(), until == null ? null : until.toInstant(),
                windows(rs.getArray("windows")));
        return new AccessPolicy.GrantFacts(rs.getObject("id", UUID.class), rs.getBoolean("personal"),
                rs.getBoolean("revoked"), rs.getBoolean("consent_active"), schedule);
    }

    private static List<WeeklyWindow> windows(Array array) throws SQLException {
        List<WeeklyWindow> windows = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            String[] parts = ((String) o).split(" ");
            windows.add(new WeeklyWindow(DayOfWeek.of(Integer.parseInt(parts[0])), LocalTime.parse(parts[1]),
                    LocalTime.parse(parts[2])));
        }
        return windows;
    }
}
