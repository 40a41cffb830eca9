package se.nyckelfri.audit.store;

import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.audit.entry.Entry;
import se.nyckelfri.audit.entry.EntryCodec;
import se.nyckelfri.audit.entry.EntryException;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.tile.TileId;
import se.nyckelfri.audit.tile.TileNodes;
import se.nyckelfri.audit.tile.Tiles;

/**
 * The log's reads, the way Tessera keeps its readers apart from its storage driver: searches by the entries'
 * fingerprinted columns (confirmed against the decoded entry, personal references opened where their keys still
 * exist), counts and times by subject, an entry's bytes, inclusion and consistency proofs over the stored tiles, tiles
 * and entry bundles of the newest checkpoint. Searches first wait for the sequencer to place what was committed before
 * them ({@link Sequencer#catchUp}), without holding a connection. Reads only on the callers' connections. Thread-safe.
 */
final class LogReader {

    /**
     * How long a reader waits for the sequencer to place what was committed before the read. It waits without taking
     * a connection (the sequencer writes on its own, {@link AuditWriterPool}); normally for one batch, milliseconds.
     */
    static final Duration CATCH_UP = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final Sequencer sequencer;
    private final Checkpointer checkpointer;
    private final JdbcTiles tiles;
    private final ResidentKeys residentKeys;

    LogReader(JdbcTemplate jdbc, Sequencer sequencer, Checkpointer checkpointer, JdbcTiles tiles, ResidentKeys residentKeys) {
        this.jdbc = jdbc;
        this.sequencer = sequencer;
        this.checkpointer = checkpointer;
        this.tiles = tiles;
        this.residentKeys = residentKeys;
    }

    List<AuditRecord> find(AuditTrail.Query q) {
        sequencer.catchUp(CATCH_UP);
        StringBuilder sql = new StringBuilder("SELECT e.idx, e.entry FROM audit_entry e WHERE e.idx > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.afterIndex());
        where(sql, args, "e.type = ?", q.type());
        where(sql, args, "e.subject_kind = ?", q.subjectKind());
        where(sql, args, "e.subject_key = ?", q.subjectId() == null ? null : Fingerprints.of(q.subjectId()));
        where(sql, args, "e.actor_key = ?", q.actor() == null ? null : Fingerprints.of(q.actor()));
        where(sql, args, "e.outcome = ?", q.outcome());
        where(sql, args, "e.recorded_at >= ?", q.from() == null ? null : Timestamp.from(q.from()));
        where(sql, args, "e.recorded_at < ?", q.until() == null ? null : Timestamp.from(q.until()));
        where(sql, args, "e.idx IN (SELECT r.idx FROM audit_resident_ref r WHERE r.resident = ?)", q.resident());
        sql.append(" ORDER BY e.idx LIMIT ?");
        args.add(q.limit());
        Map<Long, byte[]> page = new LinkedHashMap<>();
        jdbc.query(sql.toString(), (ResultSet rs) -> {
            page.put(rs.getLong("idx"), rs.getBytes("entry"));
        }, args.toArray());
        Map<String, Map<String, Object>> openings = openings(page.keySet());
        // Keys are fingerprints: keep only what the entries themselves confirm.
        return page.entrySet().stream().map(e -> record(e.getKey(), e.getValue(), openings))
                .filter(r -> q.actor() == null || q.actor().equals(r.event().actor()))
                .filter(r -> q.subjectId() == null || q.subjectId().equals(r.event().subjectId()))
                .toList();
    }

    AuditTrail.Found search(AuditTrail.Search q) {
        sequencer.catchUp(CATCH_UP);
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        where(where, args, "e.type = ?", q.type());
        where(where, args, "e.outcome = ?", q.outcome());
        where(where, args, "e.recorded_at >= ?", q.from() == null ? null : Timestamp.from(q.from()));
        where(where, args, "e.recorded_at < ?", q.until() == null ? null : Timestamp.from(q.until()));
        where(where, args, "e.actor_key = ANY (?)", q.actors().isEmpty() ? null
                : q.actors().stream().map(Fingerprints::of).toArray(Long[]::new));
        String byResident = "e.idx IN (SELECT r.idx FROM audit_resident_ref r WHERE r.resident = ?)";
        String byLock = "(e.subject_kind = 'lock' AND e.subject_key = ANY (?))";
        Long[] lockKeys = q.lockIds().stream().map(Fingerprints::of).toArray(Long[]::new);
        if (q.resident() != null && lockKeys.length > 0) {
            where(where, args, "(" + byResident + " OR " + byLock + ")", q.resident());
            args.add(lockKeys);
        } else {
            where(where, args, byResident, q.resident());
            where(where, args, byLock, lockKeys.length == 0 ? null : lockKeys);
        }
        List<Object> countArgs = new ArrayList<>(args);
        countArgs.add(AuditTrail.Found.COUNTED + 1);
        Long counted = jdbc.queryForObject("SELECT count(*) FROM (SELECT 1 FROM audit_entry e" + where + " LIMIT ?) c",
                Long.class, countArgs.toArray());
        long total = counted == null ? 0 : counted;

        StringBuilder page = new StringBuilder("SELECT e.idx, e.entry FROM audit_entry e").append(where);
        where(page, args, "e.idx < ?", q.beforeIndex());
        page.append(" ORDER BY e.idx DESC LIMIT ?");
        args.add(q.limit());
        Map<Long, byte[]> rows = new LinkedHashMap<>();
        jdbc.query(page.toString(), (ResultSet rs) -> {
            rows.put(rs.getLong("idx"), rs.getBytes("entry"));
        }, args.toArray());
        Set<Long> aboutResident = q.resident() == null || rows.isEmpty() ? Set.of() : Set.copyOf(jdbc.queryForList(
                "SELECT idx FROM audit_resident_ref WHERE resident = ? AND idx = ANY (?)", Long.class, q.resident(),
                rows.keySet().toArray(Long[]::new)));
        Map<String, Map<String, Object>> openings = openings(rows.keySet());
        // Keys are fingerprints: keep only what the entries themselves confirm.
        List<AuditRecord> records = rows.entrySet().stream().map(e -> record(e.getKey(), e.getValue(), openings))
                .filter(r -> q.actors().isEmpty() || q.actors().contains(r.event().actor()))
                .filter(r -> (q.resident() == null && q.lockIds().isEmpty()) || aboutResident.contains(r.index())
                        || ("lock".equals(r.event().subjectKind()) && q.lockIds().contains(r.event().subjectId())))
                .toList();
        return new AuditTrail.Found(records, Math.min(total, AuditTrail.Found.COUNTED), total > AuditTrail.Found.COUNTED);
    }

    long size() {
        sequencer.catchUp(CATCH_UP);
        Long next = jdbc.queryForObject("SELECT coalesce(max(idx) + 1, 0) FROM audit_entry", Long.class);
        return next == null ? 0 : next;
    }

    Map<String, Integer> countBySubject(String subjectKind, Collection<String> subjectIds, Set<String> outcomes,
                                               Instant since) {
        Map<String, Integer> counts = new HashMap<>();
        if (!outcomes.isEmpty()) {
            bySubject("""
                    SELECT subject_key, count(*) AS n FROM audit_entry
                    WHERE subject_key = ANY (?) AND subject_kind = ? AND outcome = ANY (?) AND recorded_at >= ?
                    GROUP BY subject_key""", subjectIds, (id, rs) -> counts.put(id, rs.getInt("n")),
                    subjectKind, outcomes.toArray(String[]::new), Timestamp.from(since));
        }
        return counts;
    }

    Map<String, List<Instant>> recordedAt(String type, String subjectKind, Collection<String> subjectIds,
                                                 Instant from, Instant until) {
        Map<String, List<Instant>> times = new HashMap<>();
        bySubject("""
                SELECT subject_key, recorded_at FROM audit_entry
                WHERE subject_key = ANY (?) AND type = ? AND subject_kind = ? AND recorded_at BETWEEN ? AND ?""",
                subjectIds, (id, rs) -> times.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getTimestamp("recorded_at").toInstant()),
                type, subjectKind, Timestamp.from(from), Timestamp.from(until));
        return times;
    }

    /** What to do with one row of a query about some subjects, given the subject's id (not its fingerprint). */
    @FunctionalInterface
    private interface SubjectRow {
        void accept(String subjectId, ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code sql}, whose first parameter ({@code subject_key = ANY (?)}) names the subjects by the log's
     * fingerprint of their ids and whose others are {@code args}, and hands each row to {@code row} with the id it is
     * about. Rows whose fingerprint is no asked-for id's (a collision) are left out.
     */
    private void bySubject(String sql, Collection<String> subjectIds, SubjectRow row, Object... args) {
        Map<Long, String> byKey = new HashMap<>();
        subjectIds.forEach(id -> byKey.put(Fingerprints.of(id), id));
        if (byKey.isEmpty()) {
            return;
        }
        Object[] bound = new Object[args.length + 1];
        bound[0] = byKey.keySet().toArray(Long[]::new);
        System.arraycopy(args, 0, bound, 1, args.length);
        jdbc.query(sql, rs -> {
            String id = byKey.get(rs.getLong("subject_key"));
            if (id != null) {
                row.accept(id, rs);
            }
        }, bound);
    }

    /** One stored entry's exact bytes. */
    Optional<byte[]> entryBytes(long idx) {
        List<byte[]> rows = jdbc.queryForList("SELECT entry FROM audit_entry WHERE idx = ?", byte[].class, idx);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * Entry {@code index} with its inclusion in the newest published checkpoint: the entry's bytes and leaf hash, the
     * tree size, the RFC 9162 proof and the cosigned checkpoint note. Empty when no checkpoint covers it yet.
     */
    Optional<MerkleAuditLog.Inclusion> inclusion(long index) {
        Optional<Checkpointer.Published> latest = checkpointer.latest();
        if (latest.isEmpty() || index < 0 || index >= latest.get().size()) {
            return Optional.empty();
        }
        long size = latest.get().size();
        return entryBytes(index).map(entry -> new MerkleAuditLog.Inclusion(index, entry, Hashes.leaf(entry), size,
                inclusionProof(index, size), latest.get().note()));
    }

    /** RFC 9162 inclusion proof of entry {@code idx} in the tree of {@code size} (a published size). */
    List<byte[]> inclusionProof(long idx, long size) {
        return new MerkleTree(new TileNodes(tiles.cached(), size)).inclusionProof(idx, size);
    }

    /** RFC 9162 consistency proof between two tree sizes. */
    List<byte[]> consistencyProof(long size1, long size2) {
        return new MerkleTree(new TileNodes(tiles.cached(), size2)).consistencyProof(size1, size2);
    }

    /**
     * A tile or entry bundle, if a published checkpoint has it: a full one once the newest checkpoint reaches its end,
     * a partial one as long as any checkpoint ever published ends inside it at exactly its width (C2SP tlog-tiles: the
     * partial tiles of every published tree size stay served, so a client that read an older checkpoint can still
     * prove against it; deriving one costs no storage, so none is ever withdrawn).
     */
    Optional<byte[]> tile(TileId id) {
        Optional<Checkpointer.Published> latest = checkpointer.latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        boolean published = id.partial() ? checkpointer.publishedAnyOf(Tiles.sizesWithPartial(id))
                : Tiles.existsAt(id, latest.get().size());
        return published ? Optional.of(tiles.read(id)) : Optional.empty();
    }

    /** The sealed openings of a page of entries, in one query, by "index/position". */
    private Map<String, Map<String, Object>> openings(Set<Long> indices) {
        Map<String, Map<String, Object>> byPosition = new HashMap<>();
        if (!indices.isEmpty()) {
            jdbc.queryForList("SELECT idx, position, resident, sealed FROM audit_opening WHERE idx = ANY (?)",
                    (Object) indices.toArray(new Long[0]))
                    .forEach(o -> byPosition.put(o.get("idx") + "/" + o.get("position"), o));
        }
        return byPosition;
    }

    private AuditRecord record(long idx, byte[] bytes, Map<String, Map<String, Object>> openings) {
        Entry entry;
        try {
            entry = EntryCodec.decode(bytes);
        } catch (EntryException e) {
            throw new IllegalStateException("entry " + idx + " is not readable: " + e.getMessage());
        }
        Map<String, String> attributes = new TreeMap<>(entry.attributes());
        String subjectId = entry.subjectId();
        for (int i = 0; i < entry.commitments().size(); i++) {
            Entry.Commitment c = entry.commitments().get(i);
            String value = opened(idx, i, c, openings.get(idx + "/" + i)).orElse("[erased]");
            if (c.field().equals("subject")) {
                subjectId = value;
            } else {
                attributes.merge(c.field(), value, (a, b) -> a + "," + b);
            }
        }
        if (entry.lock() != null) {
            attributes.put("previous_for_lock", Long.toString(entry.previousForLock()));
        }
        AuditEvent event = new AuditEvent(entry.type(), entry.actor(), entry.subjectKind(), subjectId, entry.outcome(),
                entry.reason().isEmpty() ? null : entry.reason(), attributes);
        return new AuditRecord(idx, entry.time(), event);
    }

    /** The committed value, if its opening is still there, its key not erased, and it matches the commitment. */
    private Optional<String> opened(long idx, int position, Entry.Commitment commitment, Map<String, Object> opening) {
        if (opening == null) {
            return Optional.empty();
        }
        return residentKeys.open((String) opening.get("resident"), idx, position, (byte[]) opening.get("sealed"))
                .filter(o -> MessageDigest.isEqual(EntryCodec.commit(o.salt(), o.value()), commitment.hash()))
                .map(ResidentKeys.Opening::value);
    }

    private static void where(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

}
