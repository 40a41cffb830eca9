package se.nyckelfri.audit;

/**
 * The one way to write to the audit log.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>{@link #append} MUST run inside the caller's open transaction. The record becomes durable exactly
 *       when that transaction commits, and MUST NOT exist if it rolls back: a change and its audit record
 *       are one unit. Calling it without a transaction MUST fail.</li>
 *   <li>Indices MUST be gap-free and strictly increasing in commit order of the appends (0, 1, 2, ...).</li>
 *   <li>An event MUST NOT carry personal data in clear: actors and subjects are pseudonyms or opaque ids.</li>
 *   <li>Records MUST NOT be updated or deleted afterwards by the application.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface AuditLog {

    /**
     * Appends {@code event} and returns the record as stored, with its index and time.
     *
     * @throws org.springframework.transaction.IllegalTransactionStateException when no transaction is open
     */
    AuditRecord append(AuditEvent event);
}
