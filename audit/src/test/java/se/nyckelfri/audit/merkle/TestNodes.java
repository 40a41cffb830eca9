package se.nyckelfri.audit.merkle;

import java.util.List;

/** A {@link NodeSource} over an in-memory list of leaf hashes, for tests; computes every node recursively. */
public final class TestNodes {

    private TestNodes() {
    }

    public static NodeSource of(List<byte[]> leafHashes) {
        return new NodeSource() {
            @Override
            public byte[] node(int level, long index) {
                if (level == 0) {
                    return leafHashes.get((int) index);
                }
                return Hashes.node(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
            }
        };
    }
}
