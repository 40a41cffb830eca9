package se.nyckelfri.audit.tile;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import se.nyckelfri.audit.merkle.Hashes;

/**
 * Arithmetic of tiles: which tiles a tree of a given size has, and hashing inside a tile.
 *
 * <p>Thread-safe: stateless.
 */
public final class Tiles {

    private Tiles() {
    }

    /**
     * The hash of {@code count} (a power of two) consecutive hashes of one tile starting at {@code offset}: the
     * node {@code log2(count)} levels above them.
     */
    public static byte[] subtree(byte[] tile, int offset, int count) {
        if (count == 1) {
            return hashAt(tile, offset);
        }
        int half = count / 2;
        return Hashes.node(subtree(tile, offset, half), subtree(tile, offset + half, half));
    }

    public static byte[] hashAt(byte[] tile, int i) {
        byte[] hash = new byte[Hashes.SIZE];
        System.arraycopy(tile, i * Hashes.SIZE, hash, 0, Hashes.SIZE);
        return hash;
    }

    /** The hash a full tile contributes to the level above: the root of its 256 hashes. */
    public static byte[] root(byte[] fullTile) {
        if (fullTile.length != TileId.FULL * Hashes.SIZE) {
            throw new IllegalArgumentException("not a full tile: " + fullTile.length + " bytes");
        }
        return subtree(fullTile, 0, TileId.FULL);
    }

    /** Every tile (full and partial, all levels) of a tree of {@code size} leaves that ends at that size. */
    public static List<TileId> partialTiles(long size) {
        List<TileId> tiles = new ArrayList<>();
        for (int level = 0; level < 64; level++) {
            long hashes = size >>> (TileId.HEIGHT * level);
            if (hashes == 0) {
                break;
            }
            int width = (int) (hashes % TileId.FULL);
            if (width > 0) {
                tiles.add(new TileId(level, hashes / TileId.FULL, width));
            }
        }
        return tiles;
    }

    /** Whether {@code tile} exists for a tree of {@code size}: full tiles below it, or its own partial tiles. */
    public static boolean existsAt(TileId tile, long size) {
        int level = tile.level() == TileId.ENTRIES ? 0 : tile.level();
        if (TileId.HEIGHT * level >= Long.SIZE) {
            return false; // no tree of a long's size reaches level 8; and a shift by 64 would be a shift by 0
        }
        long hashes = size >>> (TileId.HEIGHT * level);
        if (tile.index() > hashes / TileId.FULL) {
            return false; // past the end; checked first so that index * FULL below cannot overflow
        }
        long end = tile.index() * TileId.FULL + tile.width();
        return tile.partial() ? end == hashes : end <= hashes;
    }

    /**
     * The tree sizes whose checkpoint has {@code tile} as one of its partial tiles, as {@code [from, until)}: C2SP
     * tlog-tiles makes a log serve the partial tiles of every tree size it published a checkpoint for, so a client can
     * prove against an older checkpoint while the log grows. A partial tile of width {@code w} at level {@code L}
     * (entry bundles: level 0), index {@code n}, belongs to the sizes {@code s} with {@code s >> 8L == 256n + w}.
     * Sizes past {@link Long#MAX_VALUE} are cut off there.
     *
     * @throws IllegalArgumentException for a full tile, which belongs to every size from its end on
     */
    public static long[] sizesWithPartial(TileId tile) {
        if (!tile.partial()) {
            throw new IllegalArgumentException("a full tile belongs to every size from its end on: " + tile.path());
        }
        int level = tile.level() == TileId.ENTRIES ? 0 : tile.level();
        BigInteger hashes = BigInteger.valueOf(tile.index()).shiftLeft(TileId.HEIGHT)
                .add(BigInteger.valueOf(tile.width()));
        BigInteger from = hashes.shiftLeft(TileId.HEIGHT * level);
        BigInteger until = hashes.add(BigInteger.ONE).shiftLeft(TileId.HEIGHT * level);
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        return new long[] {from.min(max).longValueExact(), until.min(max).longValueExact()};
    }
}
