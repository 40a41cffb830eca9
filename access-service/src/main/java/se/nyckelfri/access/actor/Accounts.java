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

    /**
     * The account with pseudonym {@code pseudonym}, enabled or not (the log outlives accounts), if any; a pseudonym the
     * account had before it took its staff member's finds it too.
     */
    public Optional<Account> byPseudonym(String pseudonym) {
        return jdbc.query("""
                SELECT a.role, a.staff_member_id,
                       (SELECT min(c.care_unit_id::text)::uuid FROM account_care_unit c WHERE c.subject = a.subject) AS unit_id
                FROM account a WHERE a.pseudonym = ?
                   OR a.subject = (SELECT f.subject FROM account_former_pseudonym f WHERE f.pseudonym = ?)""",
                (rs, n) -> new Account(Role.valueOf(rs.getString("role")),
                rs.getObject("staff_member_id", UUID.class), rs.getObject("unit_id", UUID.class)), pseudonym, pseudonym)
                .stream().findFirst();
    }

    /**
     * Creates an account; {@code staffMemberId} only for staff, {@code careUnits} only for managers. A staff account
     * takes its staff member's pseudonym (pass {@code null}): one pseudonym per person, so the log's actor of an
     * opening, the credential's {@code sub} and the staff API all name the same person the same way.
     *
     * @return the account's pseudonym
     */
    public String create(String subject, String pseudonym, Role role, UUID staffMemberId, Set<UUID> careUnits) {
        if ((role == Role.STAFF) != (pseudonym == null)) {
            throw new IllegalArgumentException("a staff account takes its staff member's pseudonym, every other account its own");
        }
        String own = role == Role.STAFF
                ? jdbc.queryForObject("SELECT pseudonym FROM staff_employment WHERE staff_member_id = ?", String.class, staffMemberId)
                : pseudonym;
        jdbc.update("INSERT INTO account (subject, pseudonym, role, staff_member_id) VALUES (?, ?, ?, ?)",
                subject, own, role.name(), staffMemberId);
        for (UUID unit : careUnits) {
            jdbc.update("INSERT INTO account_care_unit (subject, care_unit_id) VALUES (?, ?)", subject, unit);
        }
        return own;
    }

    /** The pseudonyms the account that now has {@code pseudonym} had before (oldest first; none for most). */
    public List<String> formerPseudonyms(String pseudonym) {
        return jdbc.queryForList("""
                SELECT f.pseudonym FROM account_former_pseudonym f JOIN account a ON a.subject = f.subject
                WHERE a.pseudonym = ? ORDER BY f.replaced_at""", String.class, pseudonym);
    }

    /** A staff account whose pseudonym differs from its staff member's (made before they were one). */
    record Divergent(String subject, String accountPseudonym, String staffPseudonym) { }

    List<Divergent> divergent() {
        return jdbc.query("""
                SELECT a.subject, a.pseudonym, e.pseudonym AS staff_pseudonym FROM account a
                JOIN staff_employment e ON e.staff_member_id = a.staff_member_id WHERE a.pseudonym <> e.pseudonym
                ORDER BY a.subject""", (rs, n) -> new Divergent(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    void renamePseudonym(String subject, String from, String to) {
        jdbc.update("INSERT INTO account_former_pseudonym (pseudonym, subject, replaced_at) VALUES (?, ?, now())", from, subject);
        jdbc.update("UPDATE account SET pseudonym = ? WHERE subject = ? AND pseudonym = ?", to, subject, from);
    }
}
