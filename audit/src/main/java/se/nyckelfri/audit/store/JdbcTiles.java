package se.nyckelfri.audit.store;

import java.io.ByteArrayOutputStream;
import java.util.List;
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
 * <p>Nothing is cached across calls: a tile changed in storage is served as it is now, so a verifier sees what is
 * stored, not what was once stored (per-proof reuse happens in {@link se.nyckelfri.audit.tile.TileNodes}).
 *
 * <p>Thread-safe: stateless.
 */
public final class JdbcTiles implements TileReader {

    private final JdbcTemplate jdbc;

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
        if (tile.level() == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(tile.width() * Hashes.SIZE);
            entries(tile).forEach(e -> out.writeBytes(Hashes.leaf(e)));
            return out.toByteArray();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(tile.width() * Hashes.SIZE);
        for (int i = 0; i < tile.width(); i++) {
            out.writeBytes(Tiles.root(full(tile.level() - 1, tile.index() * TileId.FULL + i)));
        }
        return out.toByteArray();
    }

    /** The stored full tile, or an exception naming the one that is missing. */
    byte[] full(int level, long index) {
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
