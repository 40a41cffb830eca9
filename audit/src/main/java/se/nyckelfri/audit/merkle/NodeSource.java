package se.nyckelfri.audit.merkle;

/**
 * Where proofs read the tree from: the hash of a complete ("perfect") subtree.
 *
 * <p>The node at {@code level} and {@code index} is the Merkle Tree Hash of leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}; level 0 are the leaf hashes. Callers only ask for nodes whose
 * leaves all lie inside the tree they hold. Implementations MUST return the stored or recomputed hash, never a
 * guess, and MUST throw rather than return a hash they cannot vouch for.
 */
@FunctionalInterface
public interface NodeSource {

    byte[] node(int level, long index);
}
