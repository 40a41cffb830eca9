/**
 * The RFC 9162 Merkle tree: leaf and node hashing, subtree hashes, inclusion and consistency proofs, and their
 * verification. Pure functions over a {@link se.nyckelfri.audit.merkle.NodeSource}; no storage, no I/O.
 */
package se.nyckelfri.audit.merkle;
