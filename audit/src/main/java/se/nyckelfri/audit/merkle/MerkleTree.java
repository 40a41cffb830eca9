package se.nyckelfri.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Roots and proofs of an RFC 9162 §2.1 tree of a given size, computed from the complete subtrees a
 * {@link NodeSource} provides. Proof generation follows the RFC's recursive definitions (PATH and SUBPROOF),
 * so a proof is exactly what any RFC 6962/9162 verifier expects.
 *
 * <p>Thread-safe: stateless apart from the source, which must be thread-safe itself if shared.
 */
public final class MerkleTree {

    private final NodeSource nodes;

    public MerkleTree(NodeSource nodes) {
        this.nodes = nodes;
    }

    /** The root hash of the first {@code size} leaves. */
    public byte[] root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        return size == 0 ? Hashes.empty() : rangeHash(0, size);
    }

    /** RFC 9162 §2.1.3.1: the inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is outside a tree of size " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, 0, size, proof);
        return proof;
    }

    /** RFC 9162 §2.1.4.1: the consistency proof from the tree of {@code size1} to the tree of {@code size2}. */
    public List<byte[]> consistencyProof(long size1, long size2) {
        if (size1 < 0 || size2 < size1) {
            throw new IllegalArgumentException("no consistency proof from " + size1 + " to " + size2);
        }
        List<byte[]> proof = new ArrayList<>();
        if (size1 > 0 && size1 < size2) {
            subproof(size1, 0, size2, true, proof);
        }
        return proof;
    }

    private void path(long m, long from, long to, List<byte[]> proof) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m - from < k) {
            path(m, from, from + k, proof);
            proof.add(rangeHash(from + k, to));
        } else {
            path(m, from + k, to, proof);
            proof.add(rangeHash(from, from + k));
        }
    }

    private void subproof(long m, long from, long to, boolean whole, List<byte[]> proof) {
        long n = to - from;
        if (m == n) {
            if (!whole) {
                proof.add(rangeHash(from, to));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, from, from + k, whole, proof);
            proof.add(rangeHash(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, proof);
            proof.add(rangeHash(from, from + k));
        }
    }

    /**
     * MTH(D[from:to]) where {@code from} is aligned as RFC 9162's recursion guarantees: the range splits into
     * complete subtrees, largest first, folded from the right.
     */
    public byte[] rangeHash(long from, long to) {
        List<long[]> pieces = new ArrayList<>();
        long at = from;
        while (at < to) {
            int level = 63 - Long.numberOfLeadingZeros(to - at);
            if (at != 0) {
                level = Math.min(level, Long.numberOfTrailingZeros(at));
            }
            pieces.add(new long[] {level, at >>> level});
            at += 1L << level;
        }
        byte[] hash = null;
        for (int i = pieces.size() - 1; i >= 0; i--) {
            byte[] piece = nodes.node((int) pieces.get(i)[0], pieces.get(i)[1]);
            hash = hash == null ? piece : Hashes.node(piece, hash);
        }
        return hash;
    }

    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
