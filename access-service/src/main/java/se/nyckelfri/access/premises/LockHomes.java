package se.nyckelfri.access.premises;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which home a lock belongs to, for the features that start from a lock (emergency reviews, say): its door's label and
 * the care units serving a resident behind that door. Thread-safe.
 */
@Component
public class LockHomes {

    /**
     * SQL: the door {@code d} is the door of a resident one of the care units in the statement's array parameter
     * serves (through the view resident publishes). For scoping a query over doors to a manager's units.
     */
    static final String SERVED_BY_UNITS = "EXISTS (SELECT 1 FROM door_resident dr JOIN resident_unit rcu "
            + "ON rcu.resident_id = dr.resident_id WHERE dr.door_id = d.id AND rcu.care_unit_id = ANY (?))";

    private final JdbcTemplate jdbc;

    LockHomes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Of {@code locks}, those on the door of a resident one of {@code careUnits} serves ({@code null}: any lock), each
     * with its door's label.
     */
    public Map<UUID, String> doorLabels(Collection<UUID> locks, Set<UUID> careUnits) {
        Map<UUID, String> out = new HashMap<>();
        if (locks.isEmpty()) {
            return out;
        }
        UUID[] ids = locks.toArray(UUID[]::new);
        jdbc.query("SELECT l.id, d.label FROM lock_device l JOIN door d ON d.id = l.door_id WHERE l.id = ANY (?)"
                + (careUnits == null ? "" : " AND " + SERVED_BY_UNITS),
                rs -> {
                    out.put(rs.getObject("id", UUID.class), rs.getString("label"));
                }, careUnits == null ? new Object[] {ids} : new Object[] {ids, careUnits.toArray(new UUID[0])});
        return out;
    }

    /** The care units serving a resident behind the door of {@code lock}. */
    public Set<UUID> careUnitsBehind(UUID lock) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT DISTINCT rcu.care_unit_id FROM lock_device l JOIN door_resident dr ON dr.door_id = l.door_id
                JOIN resident_unit rcu ON rcu.resident_id = dr.resident_id WHERE l.id = ?""", UUID.class, lock));
    }
}
