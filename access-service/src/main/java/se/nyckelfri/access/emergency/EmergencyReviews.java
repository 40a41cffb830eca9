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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.overload.ExpensiveRead;
import se.nyckelfri.access.premises.LockHomes;
import se.nyckelfri.access.staff.People;
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
    private final People people;
    private final JdbcTemplate jdbc;
    private final LockHomes homes;
    private final AuditLog audit;
    private final ScopeGuard guard;
    private final Clock clock;

    EmergencyReviews(EmergencyOpenings openings, JdbcTemplate jdbc, LockHomes homes, People people, AuditLog audit, ScopeGuard guard, Clock clock) {
        this.people = people;
        this.openings = openings;
        this.jdbc = jdbc;
        this.homes = homes;
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
        Map<String, String[]> known = new HashMap<>();
        List<Case> out = new ArrayList<>();
        for (EmergencyOpenings.Opening o : found) {
            String[] staff = known.computeIfAbsent(o.actor(), this::staff);
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
        guard.requireAdministers(actor, homes.careUnitsBehind(lock), "lock", lock, "REVIEW_EMERGENCY");
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
        boolean everything = actor.role() == Role.ADMIN || actor.role() == Role.AUDITOR;
        Map<String, String> out = new HashMap<>();
        homes.doorLabels(locks.stream().map(UUID::fromString).toList(), everything ? null : actor.careUnits())
                .forEach((lock, label) -> out.put(lock.toString(), label));
        return out;
    }

    /** The name and care unit of the staff member behind an account pseudonym ({@code ""} each when there is none). */
    private String[] staff(String pseudonym) {
        return people.byAccountPseudonym(pseudonym).filter(p -> p.staffMemberId() != null)
                .map(p -> new String[] {p.name(), p.careUnit()}).orElse(new String[] {"", ""});
    }
}
