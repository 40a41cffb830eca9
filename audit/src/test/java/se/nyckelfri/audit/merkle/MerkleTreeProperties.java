package se.nyckelfri.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The tree and its proofs against a naive implementation written straight from RFC 9162's recursive
 * definitions (MTH, PATH, SUBPROOF over lists), for random sizes.
 */
class MerkleTreeProperties {

    @Property(tries = 300)
    void rootAndProofsMatchTheNaiveDefinitions(@ForAll @IntRange(min = 1, max = 1100) int size,
                                               @ForAll @IntRange(min = 0, max = 1099) int index,
                                               @ForAll @IntRange(min = 1, max = 1100) int smaller) {
        Assume.that(index < size && smaller <= size);
        List<byte[]> leaves = leaves(size);
        MerkleTree tree = new MerkleTree(InMemoryNodes.of(leaves));

        assertThat(tree.root(size)).isEqualTo(naiveRoot(leaves));
        List<byte[]> inclusion = tree.inclusionProof(index, size);
        assertThat(inclusion).containsExactlyElementsOf(naivePath(index, leaves));
        assertThat(Proofs.verifyInclusion(index, size, leaves.get(index), inclusion, tree.root(size)).ok()).isTrue();

        List<byte[]> consistency = tree.consistencyProof(smaller, size);
        List<byte[]> naive = smaller == size ? List.of() : naiveSubproof(smaller, leaves, true);
        assertThat(consistency).containsExactlyElementsOf(naive);
        assertThat(Proofs.verifyConsistency(smaller, size, naiveRoot(leaves.subList(0, smaller)), tree.root(size),
                consistency).ok()).isTrue();
    }

    @Property(tries = 200)
    void aProofForOneLeafDoesNotProveAnother(@ForAll @IntRange(min = 2, max = 600) int size,
                                             @ForAll @IntRange(min = 0, max = 599) int index,
                                             @ForAll @IntRange(min = 0, max = 599) int other) {
        Assume.that(index < size && other < size && index != other);
        List<byte[]> leaves = leaves(size);
        MerkleTree tree = new MerkleTree(InMemoryNodes.of(leaves));
        List<byte[]> proof = tree.inclusionProof(index, size);
        assertThat(Proofs.verifyInclusion(other, size, leaves.get(index), proof, tree.root(size)).ok()).isFalse();
        assertThat(Proofs.verifyInclusion(index, size, leaves.get(other), proof, tree.root(size)).ok()).isFalse();
    }

    static List<byte[]> leaves(int size) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(Hashes.leaf(ByteBuffer.allocate(4).putInt(i).array()));
        }
        return leaves;
    }

    static byte[] naiveRoot(List<byte[]> d) {
        if (d.isEmpty()) {
            return Hashes.empty();
        }
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return Hashes.node(naiveRoot(d.subList(0, k)), naiveRoot(d.subList(k, d.size())));
    }

    static List<byte[]> naivePath(int m, List<byte[]> d) {
        List<byte[]> out = new ArrayList<>();
        if (d.size() <= 1) {
            return out;
        }
        int k = Integer.highestOneBit(d.size() - 1);
        if (m < k) {
            out.addAll(naivePath(m, d.subList(0, k)));
            out.add(naiveRoot(d.subList(k, d.size())));
        } else {
            out.addAll(naivePath(m - k, d.subList(k, d.size())));
            out.add(naiveRoot(d.subList(0, k)));
        }
        return out;
    }

    static List<byte[]> naiveSubproof(int m, List<byte[]> d, boolean b) {
        List<byte[]> out = new ArrayList<>();
        if (m == d.size()) {
            if (!b) {
                out.add(naiveRoot(d));
            }
            return out;
        }
        int k = Integer.highestOneBit(d.size() - 1);
        if (m <= k) {
            out.addAll(naiveSubproof(m, d.subList(0, k), b));
            out.add(naiveRoot(d.subList(k, d.size())));
        } else {
            out.addAll(naiveSubproof(m - k, d.subList(k, d.size()), false));
            out.add(naiveRoot(d.subList(0, k)));
        }
        return out;
    }
}
