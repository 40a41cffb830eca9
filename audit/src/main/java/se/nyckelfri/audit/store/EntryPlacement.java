package se.nyckelfri.audit.store;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.entry.Entry;
import se.nyckelfri.audit.entry.EntryCodec;

/**
 * Turns an event into the entry the log stores at a given index: personal references (a resident as subject, the
 * {@code resident} and {@code residents} attributes) become salted commitments whose openings are sealed under the
 * resident's key (erasable later without touching the entry); an event about a lock carries the index of the previous
 * entry about that lock, so a gap in one lock's history shows in the log itself. Collects one batch's rows
 * ({@link Batch}) for the sequencer to insert. Used by the sequencer thread only (not thread-safe).
 */
final class EntryPlacement {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate writer;
    private final ResidentKeys residentKeys;
    /** Index of the last entry per lock, as committed; touched only by the sequencer thread. */
    private final Map<String, Long> lastForLock = new HashMap<>();

    EntryPlacement(JdbcTemplate writer, ResidentKeys residentKeys) {
        this.writer = writer;
        this.residentKeys = residentKeys;
    }

    /** The rows of one batch: entries, sealed openings, search references; and each lock's newest index in it. */
    final class Batch {
        final List<Object[]> entries = new ArrayList<>();
        final List<Object[]> openings = new ArrayList<>();
        final List<Object[]> refs = new ArrayList<>();
        private final Map<String, Long> locks = new HashMap<>();

        /** Places {@code event}, recorded at {@code time}, at index {@code idx}. */
        void place(long idx, AuditEvent event, Instant time) {
            Map<String, String> attributes = new LinkedHashMap<>(event.attributes());
            List<Entry.Commitment> commitments = new ArrayList<>();
            List<ResidentKeys.Opening> opened = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            String subjectId = event.subjectId();
            if ("resident".equals(event.subjectKind())) {
                commit("subject", subjectId, commitments, opened, owners);
                subjectId = "";
            }
            String resident = attributes.remove("resident");
            if (resident != null) {
                commit("resident", resident, commitments, opened, owners);
            }
            String residents = attributes.remove("residents");
            if (residents != null) {
                for (String one : residents.split(",")) {
                    if (!one.isBlank()) {
                        commit("residents", one.trim(), commitments, opened, owners);
                    }
                }
            }
            long previous = -1;
            if ("lock".equals(event.subjectKind())) {
                previous = previousFor(event.subjectId());
                locks.put(event.subjectId(), idx);
            }
            Entry entry = new Entry(time, event.type(), event.actor(), event.subjectKind(), subjectId, event.outcome(),
                    event.reason() == null ? "" : event.reason(), previous, attributes, commitments);
            byte[] bytes = EntryCodec.encode(entry);
            entries.add(new Object[] {idx, bytes, Timestamp.from(entry.time()), event.type(), Fingerprints.of(event.actor()),
                    event.subjectKind(), Fingerprints.of(subjectId), event.outcome()});
            for (int i = 0; i < opened.size(); i++) {
                String owner = owners.get(i);
                openings.add(new Object[] {idx, i, owner, residentKeys.seal(owner, idx, i, opened.get(i))});
                refs.add(new Object[] {owner, idx});
            }
        }

        /** After the batch committed: its locks' newest indices become what later batches chain to. */
        void committed() {
            lastForLock.putAll(locks);
        }

        private long previousFor(String lock) {
            Long known = locks.get(lock);
            if (known == null) {
                known = lastForLock.get(lock);
            }
            if (known == null) {
                Long stored = writer.queryForObject(
                        "SELECT max(idx) FROM audit_entry WHERE subject_key = ? AND subject_kind = 'lock'", Long.class, Fingerprints.of(lock));
                known = stored == null ? -1L : stored;
            }
            return known;
        }
    }

    Batch batch() {
        return new Batch();
    }

    /** Forgets what it knows of locks' last entries (another writer appended, or a batch failed): read them again. */
    void forget() {
        lastForLock.clear();
    }

    private static void commit(String field, String value, List<Entry.Commitment> commitments,
                               List<ResidentKeys.Opening> openings, List<String> owners) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        commitments.add(new Entry.Commitment(field, EntryCodec.commit(salt, value)));
        openings.add(new ResidentKeys.Opening(field, value, salt));
        owners.add(value);
    }
}
