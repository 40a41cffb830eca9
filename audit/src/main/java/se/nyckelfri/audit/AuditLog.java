package se.nyckelfri.audit;

import java.time.Duration;
import java.util.List;

/**
 * The one way to write to the audit log.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>{@link #append} MUST run inside the caller's open transaction: the event is recorded exactly when that
 *       transaction commits, and MUST NOT be if it rolls back — a change and its audit record are one unit.
 *       Calling it without a transaction MUST fail. Its index is assigned after the commit, by the sequencer.</li>
 *   <li>{@link #appendDurably} MUST NOT return before the entry is durable (committed with
 *       {@code synchronous_commit=on}); the index it returns survives a crash.</li>
 *   <li>Indices MUST be gap-free and strictly increasing (0, 1, 2, ...), assigned once and never changed.</li>
 *   <li>An event MUST NOT carry personal data in clear: residents appear in entries only as salted
 *       commitments; actors and other subjects are pseudonyms or opaque ids.</li>
 *   <li>Entries MUST NOT be updated or deleted afterwards.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface AuditLog {

    /**
     * Records {@code event} as part of the caller's transaction.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException when no transaction is open
     */
    Pending append(AuditEvent event);

    /**
     * Records {@code events}, in this order, as part of the caller's transaction: the same as {@link #append} for each
     * in turn, in fewer round trips to the database (an offline sync records fifteen credentials at once).
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException when no transaction is open
     */
    default List<Pending> appendAll(List<AuditEvent> events) {
        return events.stream().map(this::append).toList();
    }

    /** Appends {@code event} on its own, waits until it is durable, and returns its index. */
    long appendDurably(AuditEvent event);

    /** An event recorded in a transaction, waiting for its index. */
    interface Pending {
        /**
         * The index, once the caller's transaction has committed and the sequencer has placed the event.
         *
         * @throws IllegalStateException when the transaction rolled back or the wait timed out
         */
        long awaitIndex(Duration timeout);
    }
}
