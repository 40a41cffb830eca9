package se.nyckelfri.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading the audit log back. Implementations are thread-safe. Callers that serve people (auditors)
 * MUST themselves append an {@code AUDIT_READ} event: reading the log is an audited act.
 *
 * <p>Reads see every event whose transaction committed before the read began (they wait for the sequencer).
 */
public interface AuditTrail {

    /** Records matching {@code query}, oldest first, at most {@code query.limit()} of them. */
    List<AuditRecord> find(Query query);

    /**
     * An auditor's search, newest first with a total: entries by any of {@code actors} (a person's pseudonyms, former
     * ones included), about {@code resident} (entries that commit to them) or about any of {@code lockIds} (the locks at
     * their doors, or a door's locks), of a type and outcome, in a time range. Fields may be {@code null} or empty for
     * "any"; {@code resident} and {@code lockIds} together mean either. {@code beforeIndex} continues past the last
     * index seen (paging backwards).
     */
    Found search(Search search);

    /** See {@link #search}. */
    record Search(String type, String outcome, Instant from, Instant until, List<String> actors, String resident,
                  List<String> lockIds, Long beforeIndex, int limit) {
        public Search {
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("limit must be 1-1000");
            }
            actors = actors == null ? List.of() : List.copyOf(actors);
            lockIds = lockIds == null ? List.of() : List.copyOf(lockIds);
        }
    }

    /**
     * A page of a search, newest first, and how many entries match in all: exact up to {@link #COUNTED}, beyond which
     * {@code totalIsAtLeast} says the count stopped there.
     */
    record Found(List<AuditRecord> records, long total, boolean totalIsAtLeast) {
        public static final int COUNTED = 10_000;
    }

    /** How many entries the log holds (including those committed but not yet sequenced when the call began). */
    long size();

    /**
     * How many sequenced entries about each of {@code subjectIds} (subjects of kind {@code subjectKind}) with one of
     * {@code outcomes} were recorded at or after {@code since}. Subjects without any are left out. Does not wait for
     * the sequencer: for dashboards, not for proofs.
     */
    Map<String, Integer> countBySubject(String subjectKind, Collection<String> subjectIds, Set<String> outcomes, Instant since);

    /**
     * When sequenced entries of {@code type} about each of {@code subjectIds} (subjects of kind {@code subjectKind})
     * were recorded, from {@code from} to {@code until} inclusive. Subjects without any are left out. Does not wait for
     * the sequencer.
     */
    Map<String, List<Instant>> recordedAt(String type, String subjectKind, Collection<String> subjectIds, Instant from,
                                          Instant until);

    /**
     * A search; every field but {@code afterIndex} and {@code limit} may be {@code null} for "any".
     *
     * @param resident   a resident's pseudonym: entries that commit to them (found through the erasable index)
     * @param afterIndex only records with a larger index (paging: pass the last index seen, or -1)
     */
    record Query(String type, String subjectKind, String subjectId, String actor, String resident, String outcome,
                 Instant from, Instant until, long afterIndex, int limit) {
        public Query {
            if (limit < 1 || limit > 1000) {
                throw new IllegalArgumentException("limit must be 1-1000");
            }
        }

        public Query(String type, String subjectKind, String subjectId, String actor, Instant from, Instant until,
                     long afterIndex, int limit) {
            this(type, subjectKind, subjectId, actor, null, null, from, until, afterIndex, limit);
        }

        public static Query all(int limit) {
            return new Query(null, null, null, null, null, null, null, null, -1, limit);
        }
    }
}
