package se.nyckelfri.access.unlocking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads of the receipt ledger ({@link ReceiptLedger} writes it), for the review pages: gaps in a lock's counter,
 * openings page by page, a lock's openings in a time range. Thread-safe.
 */
@Component
public class LockReceipts {

    private final JdbcTemplate jdbc;

    LockReceipts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Receipts missing between two a lock signed: {@code missing} counters between {@code previous} and {@code counter}. */
    public record CounterGap(UUID lockId, long previous, long counter, long missing) { }

    /** An OPENED receipt as the ledger keeps it ({@code auditIndex} -1 until its entry is placed). */
    public record Opened(UUID lockId, long counter, Instant receivedAt, long auditIndex, boolean withoutCredential, byte[] credentialId) { }

    /** An OPENED receipt at one lock, with the credential it names as hex ({@code ""} for none). */
    public record Opening(Instant receivedAt, String credentialId) { }

    /** Gaps in a lock's counter whose later receipt arrived at or after {@code since}, by lock and counter. */
    public List<CounterGap> counterGaps(Instant since) {
        return jdbc.query("""
                SELECT lock_id, previous, counter FROM (
                    SELECT lock_id, counter, received_at, lag(counter) OVER (PARTITION BY lock_id ORDER BY counter) AS previous
                    FROM lock_receipt) c
                WHERE previous IS NOT NULL AND counter > previous + 1 AND received_at >= ? ORDER BY lock_id, counter""",
                (rs, n) -> new CounterGap(rs.getObject("lock_id", UUID.class), rs.getLong("previous"), rs.getLong("counter"),
                        rs.getLong("counter") - rs.getLong("previous") - 1), Timestamp.from(since));
    }

    /** A receipt whose predecessor, as stored, is not the one it names by hash. */
    public record BrokenLink(UUID lockId, long counter) { }

    /**
     * Receipts arrived at or after {@code since} whose stored predecessor (counter - 1) does not hash to the previous
     * hash they were signed with: a receipt replaced, or a chain that forked. By lock and counter.
     */
    public List<BrokenLink> brokenLinks(Instant since) {
        return jdbc.query("""
                SELECT r.lock_id, r.counter FROM lock_receipt r
                JOIN lock_receipt p ON p.lock_id = r.lock_id AND p.counter = r.counter - 1
                WHERE r.received_at >= ? AND r.previous_hash IS NOT NULL AND sha256(p.receipt) <> r.previous_hash
                ORDER BY r.lock_id, r.counter""",
                (rs, n) -> new BrokenLink(rs.getObject(1, UUID.class), rs.getLong(2)), Timestamp.from(since));
    }

    /**
     * OPENED receipts that arrived at or after {@code since}, newest first, at most {@code limit}; after {@code last}
     * (the previous page's last) when given, so that pages never overlap.
     */
    public List<Opened> openedSince(Instant since, Opened last, int limit) {
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(since)));
        String after = "";
        if (last != null) {
            after = " AND (received_at, lock_id, counter) < (?, ?, ?)";
            args.addAll(List.of(Timestamp.from(last.receivedAt()), last.lockId(), last.counter()));
        }
        args.add(limit);
        return jdbc.query("""
                SELECT lock_id, counter, received_at, coalesce(audit_index, -1) AS audit_index,
                       length(credential_id) = 0 AS without_credential, credential_id
                FROM lock_receipt WHERE received_at >= ? AND outcome = 'OPENED'""" + after + """
                 ORDER BY received_at DESC, lock_id DESC, counter DESC LIMIT ?""",
                (rs, n) -> new Opened(rs.getObject("lock_id", UUID.class), rs.getLong("counter"),
                        rs.getTimestamp("received_at").toInstant(), rs.getLong("audit_index"),
                        rs.getBoolean("without_credential"), rs.getBytes("credential_id")), args.toArray());
    }

    /** The OPENED receipts of {@code lockId} that arrived in [{@code from}, {@code until}), oldest first. */
    public List<Opening> openedAt(UUID lockId, Instant from, Instant until) {
        return jdbc.query("""
                SELECT received_at, encode(credential_id, 'hex') AS credential FROM lock_receipt
                WHERE lock_id = ? AND outcome = 'OPENED' AND received_at >= ? AND received_at < ? ORDER BY received_at""",
                (rs, n) -> new Opening(rs.getTimestamp("received_at").toInstant(), rs.getString("credential")),
                lockId, Timestamp.from(from), Timestamp.from(until));
    }

    /** A receipt exactly as the lock signed it, and the credential it names (empty: none). */
    public record Signed(long counter, byte[] receipt, Instant receivedAt, byte[] credentialId) { }

    /**
     * {@code lockId}'s receipts that arrived in [{@code from}, {@code until}) with a counter above {@code afterCounter},
     * by counter, at most {@code limit}: the evidence an auditor checks against the lock's key and the log.
     */
    public List<Signed> signed(UUID lockId, Instant from, Instant until, long afterCounter, int limit) {
        return jdbc.query("""
                SELECT counter, receipt, received_at, credential_id FROM lock_receipt
                WHERE lock_id = ? AND received_at >= ? AND received_at < ? AND counter > ? ORDER BY counter LIMIT ?""",
                LockReceipts::signedRow, lockId, Timestamp.from(from), Timestamp.from(until), afterCounter, limit);
    }

    /** The locks with receipts that arrived in [{@code from}, {@code until}), by id, at most {@code limit}. */
    public List<UUID> locksWithReceipts(Instant from, Instant until, int limit) {
        return jdbc.queryForList("""
                SELECT DISTINCT lock_id FROM lock_receipt WHERE received_at >= ? AND received_at < ? ORDER BY lock_id LIMIT ?""",
                UUID.class, Timestamp.from(from), Timestamp.from(until), limit);
    }

    /** One receipt of {@code lockId}, by its counter. */
    public java.util.Optional<Signed> signed(UUID lockId, long counter) {
        return jdbc.query("""
                SELECT counter, receipt, received_at, credential_id FROM lock_receipt
                WHERE lock_id = ? AND counter = ?""",
                LockReceipts::signedRow, lockId, counter).stream().findFirst();
    }

    private static Signed signedRow(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Signed(rs.getLong("counter"), rs.getBytes("receipt"), rs.getTimestamp("received_at").toInstant(),
                rs.getBytes("credential_id"));
    }
}
