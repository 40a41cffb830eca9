package se.nyckelfri.access.premises;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.audit.AuditTrail;

/**
 * The health of the locks a manager is responsible for (those on doors of residents their care units serve), most
 * in need of attention first: a gateway offline or missing (nothing reaches the lock), a flat or low battery, refused
 * attempts in the last day, no word from the lock for a week. Thread-safe.
 */
@Service
public class LockFleet {

    /** Battery below this is low; below {@link #BATTERY_CRITICAL} a visit with new batteries is due now. */
    static final int BATTERY_LOW = 20;
    static final int BATTERY_CRITICAL = 10;
    static final Duration QUIET = Duration.ofDays(7);
    static final Duration RECENT = Duration.ofDays(1);

    /** What needs attention, most urgent first. */
    public enum Concern { NO_GATEWAY, GATEWAY_OFFLINE, BATTERY_CRITICAL, BATTERY_LOW, DENIALS, NO_CONTACT }

    /** One lock's health, and what about it needs attention (empty: nothing). */
    public record LockHealth(UUID lockId, String door, String state, Integer batteryPercent, Instant lastContact,
                             String gatewaySerial, Boolean gatewayOnline, Instant gatewayLastSeen, int deniedLastDay,
                             List<Concern> concerns) { }

    private final JdbcTemplate jdbc;
    private final AuditTrail trail;
    private final Clock clock;

    LockFleet(JdbcTemplate jdbc, AuditTrail trail, Clock clock) {
        this.jdbc = jdbc;
        this.trail = trail;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<LockHealth> of(Actor actor) {
        if (actor.role() != Role.MANAGER && actor.role() != Role.ADMIN) {
            return List.of();
        }
        String scope = actor.role() == Role.ADMIN ? "true" : LockHomes.SERVED_BY_UNITS;
        Object[] args = actor.role() == Role.ADMIN ? new Object[0] : new Object[] {actor.careUnits().toArray(new UUID[0])};
        record Row(UUID id, String door, String state, Integer battery, Instant lastContact, String serial, Boolean online,
                   Instant lastSeen) { }
        List<Row> rows = jdbc.query("""
                SELECT l.id, d.label, l.state, l.battery_percent, l.last_receipt_at, g.serial, g.online, g.last_seen_at
                FROM lock_device l JOIN door d ON d.id = l.door_id LEFT JOIN gateway g ON g.id = l.gateway_id
                WHERE l.state <> 'DECOMMISSIONED'""" + " AND " + scope, (rs, n) -> new Row(rs.getObject("id", UUID.class),
                rs.getString("label"), rs.getString("state"), (Integer) rs.getObject("battery_percent"),
                instant(rs.getTimestamp("last_receipt_at")), rs.getString("serial"), (Boolean) rs.getObject("online"),
                instant(rs.getTimestamp("last_seen_at"))), args);
        // Refused attempts per lock, by the policy or by the lock, as the audit log counts them
        Map<String, Integer> denials = trail.countBySubject("lock", rows.stream().map(r -> r.id().toString()).toList(),
                Set.of("DENIED", "REFUSED"), clock.instant().minus(RECENT));
        Instant quietSince = clock.instant().minus(QUIET);
        List<LockHealth> out = new ArrayList<>();
        for (Row r : rows) {
            int denied = denials.getOrDefault(r.id().toString(), 0);
            List<Concern> concerns = new ArrayList<>();
            if (r.serial() == null) {
                concerns.add(Concern.NO_GATEWAY);
            } else if (!Boolean.TRUE.equals(r.online())) {
                concerns.add(Concern.GATEWAY_OFFLINE);
            }
            if (r.battery() != null && r.battery() < BATTERY_CRITICAL) {
                concerns.add(Concern.BATTERY_CRITICAL);
            } else if (r.battery() != null && r.battery() < BATTERY_LOW) {
                concerns.add(Concern.BATTERY_LOW);
            }
            if (denied > 0) {
                concerns.add(Concern.DENIALS);
            }
            if (r.lastContact() == null || r.lastContact().isBefore(quietSince)) {
                concerns.add(Concern.NO_CONTACT);
            }
            out.add(new LockHealth(r.id(), r.door(), r.state(), r.battery(), r.lastContact(), r.serial(), r.online(),
                    r.lastSeen(), denied, List.copyOf(concerns)));
        }
        out.sort(Comparator.comparing((LockHealth h) -> h.concerns().isEmpty() ? Concern.values().length : h.concerns().get(0).ordinal())
                .thenComparing(h -> -h.concerns().size())
                .thenComparing(h -> -h.deniedLastDay())
                .thenComparing(LockHealth::door));
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
