package se.nyckelfri.access.emergency;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;

/**
 * Emergency openings as the audit log holds them ({@code EMERGENCY_ACCESS}), each with what the lock's own receipt
 * says happened and the manager's review, if there is one yet. Reads only: the callers decide who may see what, and
 * record that they looked. Thread-safe.
 */
@Component
public class EmergencyOpenings {

    /** At most this many emergencies in one answer, the newest (each costs two indexed reads for its verdict). */
    public static final int LIMIT = 500;
    /** The log is read in pages of 1,000, at most {@link #MAX_PAGES} of them: 20,000 emergencies in a period. */
    private static final int PAGE = 1000;
    private static final int MAX_PAGES = 20;

    private final AuditTrail trail;
    private final JdbcTemplate jdbc;
    private final int page;

    @Autowired
    EmergencyOpenings(AuditTrail trail, JdbcTemplate jdbc) {
        this(trail, jdbc, PAGE);
    }

    /** As the platform's, reading the log {@code page} entries at a time (tests use a small page to cross pages). */
    public EmergencyOpenings(AuditTrail trail, JdbcTemplate jdbc, int page) {
        this.trail = trail;
        this.jdbc = jdbc;
        this.page = page;
    }

    /** A care unit manager's conclusion on one emergency opening, and who drew it when (pseudonym). */
    public record Review(String conclusion, String reviewedBy, Instant reviewedAt) { }

    /**
     * One emergency opening: who (pseudonym), which lock, the cause and alarm reference they gave, what the lock's own
     * receipt says happened ({@code ""} while none has arrived), and its review ({@code null} while nobody has).
     */
    public record Opening(long index, Instant at, String actor, String lock, String cause, String alarmReference,
                          String lockOutcome, Review review) { }

    /**
     * Emergencies since {@code since}, newest first, at the locks the caller may see: {@code visible} is given the ids
     * of the locks the emergencies were at and answers which of them (so a caller's scope is looked up for those few
     * locks only, not for every lock it could see).
     */
    public List<Opening> since(Instant since, UnaryOperator<Set<String>> visible) {
        List<AuditRecord> all = new ArrayList<>();
        long after = -1;
        for (int pages = 0; pages < MAX_PAGES; pages++) { // the log answers oldest first: read on to the newest
            List<AuditRecord> found = trail.find(new AuditTrail.Query("EMERGENCY_ACCESS", null, null, null, null, null, since,
                    null, after, page));
            all.addAll(found);
            if (found.size() < page) {
                break;
            }
            after = found.get(found.size() - 1).index();
        }
        Set<String> shown = visible.apply(all.stream().map(r -> r.event().subjectId()).collect(Collectors.toSet()));
        List<AuditRecord> visibleRecords = all.stream().filter(r -> shown.contains(r.event().subjectId())).toList();
        List<AuditRecord> records = visibleRecords.subList(Math.max(0, visibleRecords.size() - LIMIT), visibleRecords.size());
        Map<Long, Review> reviews = reviews(records.stream().map(AuditRecord::index).toList());
        List<Opening> out = new ArrayList<>();
        for (AuditRecord r : records) {
            out.add(opening(r, reviews.get(r.index())));
        }
        out.sort(Comparator.comparingLong(Opening::index).reversed());
        return out;
    }

    /** The emergency opening at log index {@code index}, if that entry is one. */
    public Optional<Opening> at(long index) {
        return entry(index).map(r -> opening(r, reviews(List.of(index)).get(index)));
    }

    /** The cause given for the emergency opening at log index {@code index}, if that entry is one (one indexed read). */
    public Optional<String> cause(long index) {
        return entry(index).map(r -> r.event().reason());
    }

    private Optional<AuditRecord> entry(long index) {
        if (index < 0) {
            return Optional.empty();
        }
        return trail.find(new AuditTrail.Query("EMERGENCY_ACCESS", null, null, null, null, null, null, null, index - 1, 1))
                .stream().filter(r -> r.index() == index).findFirst();
    }

    /**
     * The lock's verdict on the credential issued for the emergency (its issuance names the emergency's index) as the
     * receipt ledger holds it. Two more indexed reads: the few entries about its lock by its staff member that follow
     * it, and the lock's receipt.
     */
    private Opening opening(AuditRecord r, Review review) {
        AuditEvent e = r.event();
        String emergency = Long.toString(r.index());
        String outcome = "";
        Optional<String> credential = trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", e.subjectId(), e.actor(),
                        null, null, null, null, r.index(), 10)).stream()
                .filter(issued -> emergency.equals(issued.event().attributes().get("emergency")))
                .map(issued -> issued.event().attributes().get("credential")).findFirst();
        if (credential.isPresent()) {
            outcome = jdbc.queryForList("""
                    SELECT outcome FROM lock_receipt WHERE lock_id = ?::uuid AND credential_id = decode(?, 'hex')
                    ORDER BY counter LIMIT 1""", String.class, e.subjectId(), credential.get())
                    .stream().findFirst().orElse("");
        }
        String reference = e.attributes() == null ? null : e.attributes().get("alarm_reference");
        return new Opening(r.index(), r.recordedAt(), e.actor(), e.subjectId(), e.reason(), reference == null ? "" : reference,
                outcome, review);
    }

    private Map<Long, Review> reviews(List<Long> indices) {
        Map<Long, Review> out = new HashMap<>();
        if (indices.isEmpty()) {
            return out;
        }
        jdbc.query("SELECT emergency_index, conclusion, reviewed_by, reviewed_at FROM emergency_review WHERE emergency_index = ANY (?)",
                rs -> {
                    Timestamp at = rs.getTimestamp("reviewed_at");
                    out.put(rs.getLong("emergency_index"), new Review(rs.getString("conclusion"), rs.getString("reviewed_by"),
                            at.toInstant()));
                }, (Object) indices.toArray(new Long[0]));
        return out;
    }
}
