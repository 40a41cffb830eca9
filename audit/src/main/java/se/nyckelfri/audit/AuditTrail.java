package se.nyckelfri.audit;

import java.time.Instant;
import java.util.List;

/**
 * Reading the audit log back. Implementations are thread-safe. Callers that serve people (auditors)
 * MUST themselves append an {@code AUDIT_READ} event: reading the log is an audited act.
 */
public interface AuditTrail {

    /** Records matching {@code query}, oldest first, at most {@code query.limit()} of them. */
    List<AuditRecord> find(Query query);

    /** How many records the log holds. */
    long size();

    /**
     * A search; every field but {@code afterIndex} and {@code limit} may be {@code null} for "any".
     *
     * @param afterIndex only records with a larger index (paging: pass the last index seen, or -1)
     */
    record Query(String type, String subjectKind, String subjectId, String actor,
                 Instant from, Instant until, long afterIndex, int limit) {
        public Query {
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("limit must be 1-1000");
            }
        }

        public static Query all(int limit) {
            return new Query(null, null, null, null, null, null, -1, limit);
        }
    }
}
