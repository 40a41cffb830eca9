package se.nyckelfri.access.emergency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * Emergency (break-glass) openings as rows of their own ({@code emergency_opening}): each written in the same
 * transaction as its {@code EMERGENCY_ACCESS} audit entry, keyed (for reviews and the API) by that entry's index once
 * the log has placed it, and linked to the credential issued for it, and so to the lock's receipt. Reads answer from
 * these rows, never by reading the log back. The callers decide who may see what, and record that they looked.
 * Thread-safe.
 */
@Component
public class EmergencyOpenings {

    /** At most this many emergencies in one answer, the newest. */
    public static final int LIMIT = 500;
    private static final Duration PLACED_WITHIN = Duration.ofSeconds(30);
    private static final String SELECT = """
            SELECT o.audit_index, o.opened_at, o.actor, o.lock_id, o.cause, o.alarm_reference,
                   coalesce(o.lock_outcome, '') AS lock_outcome,
                   v.conclusion, v.reviewed_by, v.reviewed_at
            FROM emergency_opening o LEFT JOIN emergency_review v ON v.emergency_index = o.audit_index
            WHERE o.audit_index IS NOT NULL""";

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    EmergencyOpenings(JdbcTemplate jdbc, AuditLog audit, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
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
     * Records an emergency opening by {@code actor} (account pseudonym) at {@code lockId} under {@code grantId}: its
     * row and its audit entry commit together, then this waits until the entry is durable and placed, keeps its index
     * on the row and returns it.
     */
    public long record(String actor, UUID lockId, UUID grantId, String cause, String alarmReference) {
        UUID id = UUID.randomUUID();
        AuditLog.Pending pending = transaction.execute(status -> {
            jdbc.update("""
                    INSERT INTO emergency_opening (id, lock_id, actor, grant_id, cause, alarm_reference, opened_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", id, lockId, actor, grantId, cause, alarmReference,
                    Timestamp.from(clock.instant()));
            return audit.append(AuditEvent.of("EMERGENCY_ACCESS", actor).subject("lock", lockId)
                    .outcome("ALLOWED", cause)
                    .attribute("grant", grantId)
                    .attribute("alarm_reference", alarmReference)
                    .build());
        });
        long index = pending.awaitIndex(PLACED_WITHIN);
        jdbc.update("UPDATE emergency_opening SET audit_index = ? WHERE id = ?", index, id);
        return index;
    }

    /** Links the emergency at log index {@code index} to the credential issued for it. */
    public void credentialIssued(long index, byte[] credentialId) {
        jdbc.update("UPDATE emergency_opening SET credential_id = ? WHERE audit_index = ?", credentialId, index);
    }

    /**
     * Links the emergency whose credential is {@code credentialId} at {@code lockId} to the lock's receipt about it:
     * its counter and outcome (the first receipt, should the lock have signed more than one). Called by the receipt
     * ledger for every receipt that names a credential, in the transaction that records it.
     */
    public void receiptRecorded(UUID lockId, byte[] credentialId, long counter, String outcome) {
        jdbc.update("""
                UPDATE emergency_opening SET receipt_counter = ?, lock_outcome = ?
                WHERE credential_id = ? AND lock_id = ? AND (receipt_counter IS NULL OR receipt_counter > ?)""",
                counter, outcome, credentialId, lockId, counter);
    }

    /** The credential issued for an emergency opening, at its lock. */
    public record CredentialAt(UUID lockId, byte[] credentialId) { }

    /** The emergency openings with a credential but no receipt linked yet (for at most {@value #LIMIT}, the newest). */
    public List<CredentialAt> withoutReceipt() {
        return jdbc.query("""
                SELECT lock_id, credential_id FROM emergency_opening WHERE credential_id IS NOT NULL AND receipt_counter IS NULL
                ORDER BY opened_at DESC LIMIT ?""", (rs, n) -> new CredentialAt(rs.getObject("lock_id", UUID.class),
                rs.getBytes("credential_id")), LIMIT);
    }

    /**
     * Emergencies since {@code since}, newest first, at the locks the caller may see: {@code visible} is given the ids
     * of the locks the emergencies were at and answers which of them (so a caller's scope is looked up for those few
     * locks only, not for every lock it could see).
     */
    public List<Opening> since(Instant since, UnaryOperator<Set<String>> visible) {
        List<Opening> all = jdbc.query(SELECT + " AND o.opened_at >= ? ORDER BY o.audit_index", EmergencyOpenings::opening,
                Timestamp.from(since));
        Set<String> shown = visible.apply(all.stream().map(Opening::lock).collect(Collectors.toSet()));
        List<Opening> out = new ArrayList<>(all.stream().filter(o -> shown.contains(o.lock())).toList());
        out.sort(Comparator.comparingLong(Opening::index).reversed());
        return out.subList(0, Math.min(LIMIT, out.size()));
    }

    /** The emergency opening at log index {@code index}, if that entry is one. */
    public Optional<Opening> at(long index) {
        return jdbc.query(SELECT + " AND o.audit_index = ?", EmergencyOpenings::opening, index).stream().findFirst();
    }

    /** The causes of the emergencies that {@code credentials} (hex ids) were issued for, by credential. */
    public Map<String, String> causesByCredential(UUID lockId, Collection<String> credentials) {
        Map<String, String> causes = new HashMap<>();
        if (credentials.isEmpty()) {
            return causes;
        }
        jdbc.query("""
                SELECT encode(credential_id, 'hex') AS credential, cause FROM emergency_opening
                WHERE lock_id = ? AND encode(credential_id, 'hex') = ANY (?)""", rs -> {
            causes.put(rs.getString("credential"), rs.getString("cause"));
        }, lockId, credentials.stream().map(String::toLowerCase).toArray(String[]::new));
        return causes;
    }

    private static Opening opening(ResultSet rs, int row) throws SQLException {
        Timestamp reviewedAt = rs.getTimestamp("reviewed_at");
        Review review = reviewedAt == null ? null
                : new Review(rs.getString("conclusion"), rs.getString("reviewed_by"), reviewedAt.toInstant());
        String reference = rs.getString("alarm_reference");
        return new Opening(rs.getLong("audit_index"), rs.getTimestamp("opened_at").toInstant(), rs.getString("actor"),
                rs.getString("lock_id"), rs.getString("cause"), reference == null ? "" : reference,
                rs.getString("lock_outcome"), review);
    }
}
