package se.nyckelfri.audit.tile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import se.nyckelfri.audit.merkle.Hashes;

/**
 * Grows the tiled tree one leaf hash at a time: keeps the rightmost (partial) tile of every level and hands back
 * each tile the moment it becomes full, with its root carried up to the level above.
 *
 * <p>Not thread-safe: one integrator (or one fsck) owns an instance.
 */
public final class TileBuilder {

    /** A full tile, ready to store. */
    public record Tile(TileId id, byte[] hashes) { }

    private final List<ByteArrayOutputStream> rows = new ArrayList<>();
    private long size;

    /** A builder for the empty tree. */
    public TileBuilder() {
    }

    /**
     * A builder that continues a tree of {@code size} leaves, given its partial tiles' hashes (level 0 first, as
     * {@link Tiles#partialTiles} lists them; a level without a partial tile has none).
     */
    public static TileBuilder resume(long size, TileReader reader) {
        TileBuilder builder = new TileBuilder();
        builder.size = size;
        for (TileId partial : Tiles.partialTiles(size)) {
            builder.row(partial.level()).writeBytes(reader.read(partial));
        }
        return builder;
    }

    public long size() {
        return size;
    }

    /** Adds the next leaf hash; answers the tiles it completed (usually none, one every 256 leaves). */
    public List<Tile> add(byte[] leafHash) {
        if (leafHash.length != Hashes.SIZE) {
            throw new IllegalArgumentException("a leaf hash is " + Hashes.SIZE + " bytes");
        }
        List<Tile> full = new ArrayList<>(1);
        byte[] carry = leafHash;
        long position = size;
        for (int level = 0; carry != null; level++) {
            ByteArrayOutputStream row = row(level);
            row.writeBytes(carry);
            carry = null;
            if (row.size() == TileId.FULL * Hashes.SIZE) {
                byte[] hashes = row.toByteArray();
                row.reset();
                long index = position >>> (TileId.HEIGHT * (level + 1));
                full.add(new Tile(new TileId(level, index, TileId.FULL), hashes));
                carry = Tiles.root(hashes);
            }
        }
        size++;
        return full;
    }

    /** The current partial tile of {@code level} (empty array when that level has none). */
    public byte[] partial(int level) {
        return level < rows.size() ? rows.get(level).toByteArray() : new byte[0];
    }

    /** A reader for this builder's own partial tiles, to combine with stored full tiles. */
    public TileReader partials(TileReader fullTiles) {
        return tile -> tile.partial() ? partial(tile.level()) : fullTiles.read(tile);
    }

    private ByteArrayOutputStream row(int level) {
        while (rows.size() <= level) {
            rows.add(new ByteArrayOutputStream(TileId.FULL * Hashes.SIZE));
        }
        return rows.get(level);
    }
}
