package se.nyckelfri.audit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.tile.TileBuilder;
import se.nyckelfri.audit.tile.TileId;

/**
 * Extends the tree over newly sequenced entries and stores every tile that becomes full. Leaf hashes are always
 * recomputed from the stored entry bytes (never taken from anywhere else); the tiles of one step are written in one
 * transaction. It resumes after a restart from the last full level-0 tile, which makes it idempotent: whatever it
 * rebuilds is either not stored yet or identical.
 *
 * <p>Thread-safe: {@link #integrate} is synchronised; {@link #size} is a volatile read.
 */
public final class Integrator {

    private static final int STEP = 4096;
    private static final Logger log = LoggerFactory.getLogger(Integrator.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JdbcTiles tiles;
    private TileBuilder builder;
    private volatile long size = -1;

    public Integrator(JdbcTemplate jdbc, TransactionTemplate tx, JdbcTiles tiles) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.tiles = tiles;
    }

    /** How many entries are in the tiled tree. */
    public long size() {
        return size;
    }

    /** How many entries are stored (sequenced), as the database says now. */
    long storedSize() {
        Long next = jdbc.queryForObject("SELECT coalesce(max(idx) + 1, 0) FROM audit_entry", Long.class);
        return next == null ? 0 : next;
    }

    /** Integrates every sequenced entry up to {@code target} (exclusive). */
    public synchronized void integrate(long target) {
        if (builder == null) {
            Long fullTiles = jdbc.queryForObject("SELECT coalesce(max(idx) + 1, 0) FROM audit_tile WHERE level = 0", Long.class);
            builder = TileBuilder.resume(fullTiles * TileId.FULL, tiles);
            size = builder.size();
        }
        while (builder.size() < target) {
            long from = builder.size();
            long to = Math.min(target, from + STEP);
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT idx, entry FROM audit_entry WHERE idx >= ? AND idx < ? ORDER BY idx", from, to);
            List<TileBuilder.Tile> full = new ArrayList<>();
            long expected = from;
            TileBuilder next = builder;
            for (Map<String, Object> row : rows) {
                long idx = ((Number) row.get("idx")).longValue();
                if (idx != expected) {
                    throw new IllegalStateException("the log has a gap: index " + expected + " is missing");
                }
                full.addAll(next.add(Hashes.leaf((byte[]) row.get("entry"))));
                expected++;
            }
            if (expected != to) {
                throw new IllegalStateException("entries up to " + to + " are not all stored (stopped at " + expected + ")");
            }
            if (!full.isEmpty()) {
                tx.executeWithoutResult(s -> jdbc.batchUpdate("INSERT INTO audit_tile (level, idx, hashes) VALUES (?, ?, ?)",
                        full.stream().map(t -> new Object[] {t.id().level(), t.id().index(), t.hashes()}).toList()));
            }
            size = builder.size();
        }
    }

    /** Drops the in-memory state after a failure; the next call resumes from storage. */
    synchronized void reset() {
        builder = null;
        log.warn("Audit integrator state reset; resuming from stored tiles");
    }
}
