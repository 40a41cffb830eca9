package se.nyckelfri.audit.tile;

import java.util.HashMap;
import java.util.Map;
import se.nyckelfri.audit.merkle.NodeSource;

/**
 * Answers {@link NodeSource} from tiles of a tree of a known size: node (level, index) lies in the tile at level
 * {@code level / 8}; the levels between stored tile levels are rehashed from the tile's hashes. A proof touches
 * at most a few tiles per tile level.
 *
 * <p>Each tile is read at most once per instance (a proof asks for the same tile many times); make one instance
 * per proof or per verification. Not thread-safe.
 */
public final class TileNodes implements NodeSource {

    private final TileReader reader;
    private final long size;
    private final Map<TileId, byte[]> read = new HashMap<>();

    public TileNodes(TileReader reader, long size) {
        this.reader = reader;
        this.size = size;
    }

    @Override
    public byte[] node(int level, long index) {
        int tileLevel = level / TileId.HEIGHT;
        int within = level % TileId.HEIGHT;
        long first = index << within;                 // first hash of the tile level under this node
        long tileIndex = first / TileId.FULL;
        int offset = (int) (first % TileId.FULL);
        int count = 1 << within;
        long hashesAtLevel = size >>> (TileId.HEIGHT * tileLevel);
        long available = hashesAtLevel - tileIndex * TileId.FULL;
        int width = (int) Math.min(TileId.FULL, available);
        if (offset + count > width) {
            throw new IllegalArgumentException("node " + level + "/" + index + " is not complete in a tree of size " + size);
        }
        byte[] tile = read.computeIfAbsent(new TileId(tileLevel, tileIndex, width), reader::read);
        return Tiles.subtree(tile, offset, count);
    }
}
