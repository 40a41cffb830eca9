package se.nyckelfri.audit.store;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.tile.TileId;
import se.nyckelfri.audit.tile.TileReader;
import se.nyckelfri.audit.tile.Tiles;

/**
 * Tiles and entry bundles read from PostgreSQL. Full tiles are stored; partial tiles are derived on each read —
 * level 0 by hashing the stored entries, higher levels from the roots of the full tiles below — so nothing but
 * entries and full tiles is ever written, and nothing derived is trusted without being recomputed.
 *
 * <p>As a {@link TileReader} it caches nothing: what it answers is what is stored now, so the checkpointer, the
 * integrator and the tile endpoints see a change made behind the application's back. {@link #cached()} is the
 * reader for serving proofs: it keeps derived partial tiles in a bounded LRU map (deriving one above level 0 reads
 * up to 255 full tiles, and every proof against the newest checkpoint needs them). A cached tile that no longer
 * matches storage can only make a proof fail to verify, never pass.
 *
 * <p>Thread-safe: the cache is synchronised.
 */
public final class JdbcTiles implements TileReader {

    private static final int CACHED_PARTIAL_TILES = 512;

    private final JdbcTemplate jdbc;
    private final Map<TileId, byte[]> partials = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TileId, byte[]> eldest) {
            return size() > CACHED_PARTIAL_TILES;
        }
    };

    public JdbcTiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public byte[] read(TileId tile) {
        if (tile.level() == TileId.ENTRIES) {
            return bundle(tile);
        }
        if (!tile.partial()) {
            return full(tile.level(), tile.index());
        }
        return derive(tile);
    }

    /** A reader that reuses derived partial tiles; for proofs, never for checkpoints. */
    public TileReader cached() {
        return this::readCached;
    }

    private byte[] readCached(TileId tile) {
        if (tile.level() == TileId.ENTRIES || !tile.partial()) {
            return read(tile);
        }
        synchronized (partials) {
            byte[] cached = partials.get(tile);
            if (cached != null) {
                return cached;
            }
        }
        byte[] derived = derive(tile);
        synchronized (partials) {
            partials.put(tile, derived);
        }
        return derived;
    }

    private byte[] derive(TileId tile) {
        if (tile.level() == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(tile.width() * Hashes.SIZE);
            entries(tile).forEach(e -> out.writeBytes(Hashes.leaf(e)));
            return out.toByteArray();
        }
        // The roots of the full tiles below, read in one query rather than one per tile.
        long first = tile.index() * TileId.FULL;
        List<byte[]> below = jdbc.queryForList("SELECT hashes FROM audit_tile WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx",
                byte[].class, tile.level() - 1, first, first + tile.width());
        if (below.size() != tile.width()) {
            throw new IllegalArgumentException("tiles " + (tile.level() - 1) + "/" + first + "-" + (first + tile.width() - 1)
                    + " are not all stored (" + below.size() + " of " + tile.width() + ")");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(tile.width() * Hashes.SIZE);
        below.forEach(hashes -> out.writeBytes(Tiles.root(hashes)));
        return out.toByteArray();
    }

    /** The stored full tile, or an exception naming the one that is missing. */
    private byte[] full(int level, long index) {
        TileId id = new TileId(level, index, TileId.FULL);
        List<byte[]> rows = jdbc.queryForList("SELECT hashes FROM audit_tile WHERE level = ? AND idx = ?", byte[].class, level, index);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("tile " + id.path() + " is not stored");
        }
        return rows.get(0);
    }

    private byte[] bundle(TileId tile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tile.width() * 200);
        for (byte[] e : entries(tile)) {
            out.write(e.length >>> 8);
            out.write(e.length & 0xff);
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    private List<byte[]> entries(TileId tile) {
        long from = tile.index() * TileId.FULL;
        List<byte[]> rows = jdbc.queryForList("SELECT entry FROM audit_entry WHERE idx >= ? AND idx < ? ORDER BY idx",
                byte[].class, from, from + tile.width());
        if (rows.size() != tile.width()) {
            throw new IllegalArgumentException("entries " + from + "-" + (from + tile.width() - 1) + " are not all stored ("
                    + rows.size() + " of " + tile.width() + ")");
        }
        return rows;
    }
}
