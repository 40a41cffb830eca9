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
     * An account as the audit log names its actors (by pseudonym): the role, the staff member for staff, and for a
     * manager the first of their care units ({@code null} where there is none). Who these are by name is the staff
     * and organisation modules' to say ({@code se.nyckelfri.access.staff.People}).
     */
    public record Account(Role role, UUID staffMemberId, UUID firstCareUnitId) { }

    /** The account with pseudonym {@code pseudonym}, enabled or not (the log outlives accounts), if any. */
    public Optional<Account> byPseudonym(String pseudonym) {
        return jdbc.query("""
                SELECT a.role, a.staff_member_id,
                       (SELECT min(c.care_unit_id::text)::uuid FROM account_care_unit c WHERE c.subject = a.subject) AS unit_id
                FROM account a WHERE a.pseudonym = ?""", (rs, n) -> new Account(Role.valueOf(rs.getString("role")),
                rs.getObject("staff_member_id", UUID.class), rs.getObject("unit_id", UUID.class)), pseudonym)
                .stream().findFirst();
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
