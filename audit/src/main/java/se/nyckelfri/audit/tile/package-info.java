/**
 * The tree stored as C2SP tlog-tiles: tile coordinates and paths, hashing within a tile, and a
 * {@link se.nyckelfri.audit.merkle.NodeSource} that answers proofs from at most a handful of tile reads.
 */
package se.nyckelfri.audit.tile;
