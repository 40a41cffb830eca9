package se.nyckelfri.audit.tile;

/**
 * Reads tiles of the tree. Implementations MUST return exactly {@code tile.width()} hashes
 * ({@code 32 * width} bytes) for a tile that exists in the tree they serve, and MUST throw for one that does not.
 */
@FunctionalInterface
public interface TileReader {

    byte[] read(TileId tile);
}
