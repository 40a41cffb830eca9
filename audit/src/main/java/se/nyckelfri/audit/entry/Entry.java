package se.nyckelfri.audit.entry;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One log entry, as encoded by {@link EntryCodec}.
 *
 * @param time            when the platform recorded the event (millisecond precision)
 * @param subjectId       the subject's id, or empty when the subject is personal data and so only committed
 * @param reason          a reason code, or empty
 * @param previousForLock the index of the previous entry about the same lock, or -1 for none (or no lock)
 * @param attributes      opaque codes and ids in clear
 * @param commitments     personal data as salted commitments, in order
 */
public record Entry(Instant time, String type, String actor, String subjectKind, String subjectId, String outcome,
                    String reason, long previousForLock, Map<String, String> attributes, List<Commitment> commitments) {

    /** {@code SHA-256("nyckelfri/commitment/v1\n" || salt || value)} for the field {@code field}. */
    public record Commitment(String field, byte[] hash) {
        public Commitment {
            if (hash.length != 32) {
                throw new IllegalArgumentException("a commitment is 32 bytes");
            }
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Commitment c && c.field.equals(field) && MessageDigest.isEqual(c.hash, hash);
        }

        @Override
        public int hashCode() {
            return field.hashCode();
        }
    }

    public Entry {
        time = Instant.ofEpochMilli(time.toEpochMilli());
        attributes = Map.copyOf(new TreeMap<>(attributes));
        commitments = List.copyOf(commitments);
        if (previousForLock < -1) {
            throw new IllegalArgumentException("previousForLock is an index or -1");
        }
    }

    /** The lock this entry is about, or {@code null}. */
    public String lock() {
        return "lock".equals(subjectKind) ? subjectId : null;
    }
}
