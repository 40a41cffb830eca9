package se.nyckelfri.access.actor;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The local account table: who may act here and with which role. Thread-safe. */
@Component
public class Accounts {

    private final JdbcTemplate jdbc;

    Accounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The enabled account for {@code subject}, if any. */
    public Optional<Actor> find(String subject) {
        List<Actor> found = jdbc.query("""
                SELECT a.pseudonym, a.role, a.staff_member_id,
                       array(SELECT u.care_unit_id FROM account_care_unit u WHERE u.subject = a.subject) AS units
                FROM account a WHERE a.subject = ? AND a.enabled""",
                (rs, n) -> {
                    Set<UUID> units = new HashSet<>();
                    for (Object u : (Object[]) rs.getArray("units").getArray()) {
                        units.add((UUID) u);
                    }
                    return new Actor(subject, rs.getString("pseudonym"), Role.valueOf(rs.getString("role")), units,
                            rs.getObject("staff_member_id", UUID.class));
                }, subject);
        return found.stream().findFirst();
    }

    /**
     * Who is behind an account pseudonym (as the audit log names actors): the role, and for staff the staff member,
     * their name and care unit; for a manager the first of their units. Blank strings and {@code null} ids where there
     * is nothing to say.
     */
    public record Person(String role, UUID staffMemberId, String name, UUID careUnitId, String careUnit, String careProvider) { }

    /** The account with pseudonym {@code pseudonym}, enabled or not (the log outlives accounts), if any. */
    public Optional<Person> byPseudonym(String pseudonym) {
        return jdbc.query("""
                SELECT a.role, s.id AS staff_id, s.display_name, u.id AS unit_id, u.name AS unit, p.name AS provider
                FROM account a
                LEFT JOIN staff_member s ON s.id = a.staff_member_id
                LEFT JOIN care_unit u ON u.id = coalesce(s.care_unit_id,
                        (SELECT min(c.care_unit_id::text)::uuid FROM account_care_unit c WHERE c.subject = a.subject))
                LEFT JOIN care_provider p ON p.id = u.provider_id
                WHERE a.pseudonym = ?""", (rs, n) -> new Person(rs.getString("role"), rs.getObject("staff_id", UUID.class),
                blank(rs.getString("display_name")), rs.getObject("unit_id", UUID.class), blank(rs.getString("unit")),
                blank(rs.getString("provider"))), pseudonym).stream().findFirst();
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    /** Creates an account; {@code staffMemberId} only for staff, {@code careUnits} only for managers. */
    public void create(String subject, String pseudonym, Role role, UUID staffMemberId, Set<UUID> careUnits) {
        jdbc.update("INSERT INTO account (subject, pseudonym, role, staff_member_id) VALUES (?, ?, ?, ?)",
                subject, pseudonym, role.name(), staffMemberId);
        for (UUID unit : careUnits) {
            jdbc.update("INSERT INTO account_care_unit (subject, care_unit_id) VALUES (?, ?)", subject, unit);
        }
    }
}
