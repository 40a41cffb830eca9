package se.nyckelfri.audit.merkle;

import java.util.List;

/** A {@link NodeSource} over an in-memory list of leaf hashes, computing every node recursively: the naive reference for tests and small tools. */
public final class InMemoryNodes {

    private InMemoryNodes() {
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
