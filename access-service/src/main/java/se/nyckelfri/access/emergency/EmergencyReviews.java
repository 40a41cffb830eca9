package se.nyckelfri.access.emergency;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.overload.ExpensiveRead;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * The follow-up of emergency openings (logguppföljning): a care unit manager sees the emergencies at the doors of the
 * residents their units serve, unreviewed first, and records a conclusion on each, once. Auditors see every
 * emergency and its review, and change nothing. Every look is recorded ({@code EMERGENCIES_READ}), and every review
 * is an audit log entry ({@code EMERGENCY_REVIEWED}) as well as a row that, once written, the application may not
 * change. Thread-safe.
 */
@Service
public class EmergencyReviews {

    /** What the manager concluded. A closed list: free text would soon hold a resident's health or a name. */
    public enum Conclusion {
        /** The opening was needed (an alarm, no answer, fire or smoke). */
        JUSTIFIED,
        /** It was not: followed up with the staff member and their manager. */
        NOT_JUSTIFIED
    }

    /**
     * One emergency opening as the review shows it: the opening, the door, and who opened it (their name and unit
     * for a manager, who follows it up with them; blank for an auditor, who sees the log's pseudonym).
     */
    public record Case(long index, Instant at, UUID lockId, String door, String actor, String staffName, String staffUnit,
                       String cause, String alarmReference, String lockOutcome, EmergencyOpenings.Review review) {
        @JsonProperty("reviewed")
        public boolean reviewed() {
            return review != null;
        }
    }

    private final EmergencyOpenings openings;
    private final Accounts accounts;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final ScopeGuard guard;
    private final Clock clock;

    EmergencyReviews(EmergencyOpenings openings, JdbcTemplate jdbc, Accounts accounts, AuditLog audit, ScopeGuard guard, Clock clock) {
        this.accounts = accounts;
        this.openings = openings;
        this.jdbc = jdbc;
        this.audit = audit;
        this.guard = guard;
        this.clock = clock;
    }

    /** The emergencies of the last {@code days} days that {@code actor} may see: unreviewed first, then newest first. */
    @ExpensiveRead
    @Transactional
    public List<Case> lastDays(Actor actor, int days) {
        if (actor.role() == Role.STAFF) {
            guard.refuse(actor, "audit_log", "emergencies", "READ", "ROLE_STAFF");
        }
        audit.append(AuditEvent.of("EMERGENCIES_READ", actor.pseudonym()).subject("audit_log", "emergencies")
                .attribute("days", days).build());
        Map<String, String> doors = new HashMap<>();
        List<EmergencyOpenings.Opening> found = openings.since(clock.instant().minus(Duration.ofDays(days)), locks -> {
            doors.putAll(doors(actor, locks));
            return doors.keySet();
        });
        boolean names = actor.role() == Role.MANAGER || actor.role() == Role.ADMIN;
        Map<String, String[]> people = new HashMap<>();
        List<Case> out = new ArrayList<>();
        for (EmergencyOpenings.Opening o : found) {
            String[] staff = people.computeIfAbsent(o.actor(), this::staff);
            out.add(toCase(o, doors.get(o.lock()), names ? staff : new String[] {"", staff[1]}));
        }
        out.sort(Comparator.comparing(Case::reviewed).thenComparing(Comparator.comparingLong(Case::index).reversed()));
        return out;
    }

    /**
     * Records {@code conclusion} on the emergency at log index {@code index}: by a manager of a care unit serving a
     * resident behind its door (or an administrator), once.
     *
     * @throws NotFoundException when no emergency opening has that index
     * @throws ConflictException {@code ALREADY_REVIEWED} when it has been reviewed
     */
    @Transactional
    public Case review(Actor actor, long index, Conclusion conclusion) {
        if (actor.role() != Role.MANAGER && actor.role() != Role.ADMIN) {
            guard.refuse(actor, "emergency", index, "REVIEW", "ROLE_" + actor.role().name());
        }
        EmergencyOpenings.Opening opening = openings.at(index).orElseThrow(() -> new NotFoundException("emergency opening", index));
        UUID lock = UUID.fromString(opening.lock());
        guard.requireAdministers(actor, unitsBehind(lock), "lock", lock, "REVIEW_EMERGENCY");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as the database keeps it
        int inserted = jdbc.update("""
                INSERT INTO emergency_review (emergency_index, lock_id, conclusion, reviewed_by, reviewed_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (emergency_index) DO NOTHING""",
                index, lock, conclusion.name(), actor.pseudonym(), Timestamp.from(now));
        if (inserted == 0) {
            throw new ConflictException("ALREADY_REVIEWED", "This emergency opening has already been reviewed.");
        }
        audit.append(AuditEvent.of("EMERGENCY_REVIEWED", actor.pseudonym()).subject("lock", lock)
                .outcome(conclusion.name(), null)
                .attribute("emergency", index)
                .build());
        EmergencyOpenings.Review review = new EmergencyOpenings.Review(conclusion.name(), actor.pseudonym(), now);
        return toCase(new EmergencyOpenings.Opening(opening.index(), opening.at(), opening.actor(), opening.lock(), opening.cause(),
                opening.alarmReference(), opening.lockOutcome(), review), doors(actor, Set.of(opening.lock())).get(opening.lock()),
                staff(opening.actor()));
    }

    private static Case toCase(EmergencyOpenings.Opening o, String door, String[] staff) {
        return new Case(o.index(), o.at(), UUID.fromString(o.lock()), door == null ? "" : door, o.actor(), staff[0], staff[1],
                o.cause(), o.alarmReference(), o.lockOutcome(), o.review());
    }

    /**
     * Of {@code locks}, those {@code actor} may see emergencies at, each with its door's label: locks on the doors of
     * residents their units serve, or any for an auditor or administrator.
     */
    private Map<String, String> doors(Actor actor, Set<String> locks) {
        Map<String, String> out = new HashMap<>();
        if (locks.isEmpty()) {
            return out;
        }
        boolean everything = actor.role() == Role.ADMIN || actor.role() == Role.AUDITOR;
        UUID[] ids = locks.stream().map(UUID::fromString).toArray(UUID[]::new);
        jdbc.query("SELECT l.id, d.label FROM lock_device l JOIN door d ON d.id = l.door_id WHERE l.id = ANY (?)"
                + (everything ? "" : " AND EXISTS (SELECT 1 FROM door_resident dr JOIN resident_care_unit rcu "
                + "ON rcu.resident_id = dr.resident_id WHERE dr.door_id = d.id AND rcu.care_unit_id = ANY (?))"),
                rs -> {
                    out.put(rs.getString("id"), rs.getString("label"));
                }, everything ? new Object[] {ids} : new Object[] {ids, actor.careUnits().toArray(new UUID[0])});
        return out;
    }

    /** The care units serving a resident behind the door of {@code lock}. */
    private Set<UUID> unitsBehind(UUID lock) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT DISTINCT rcu.care_unit_id FROM lock_device l JOIN door_resident dr ON dr.door_id = l.door_id
                JOIN resident_care_unit rcu ON rcu.resident_id = dr.resident_id WHERE l.id = ?""", UUID.class, lock));
    }

    /** The name and care unit of the staff member behind an account pseudonym ({@code ""} each when there is none). */
    private String[] staff(String pseudonym) {
        return accounts.byPseudonym(pseudonym).filter(p -> p.staffMemberId() != null)
                .map(p -> new String[] {p.name(), p.careUnit()}).orElse(new String[] {"", ""});
    }
}
