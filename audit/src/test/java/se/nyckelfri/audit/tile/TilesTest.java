package se.nyckelfri.audit.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.merkle.InMemoryNodes;

class TilesTest {

    @Test
    void pathWhenIndexHasSeveralGroupsThenPrefixedWithX() {
        assertThat(new TileId(0, 1234067, 256).path()).isEqualTo("0/x001/x234/067");
        assertThat(new TileId(2, 5, 17).path()).isEqualTo("2/005.p/17");
        assertThat(new TileId(TileId.ENTRIES, 0, 3).path()).isEqualTo("entries/000.p/3");
        assertThat(TileId.parse("0/x001/x234/067")).contains(new TileId(0, 1234067, 256));
        assertThat(TileId.parse("entries/x001/000.p/255")).contains(new TileId(TileId.ENTRIES, 1000, 255));
    }

    @Test
    void parseWhenPathIsNotCanonicalThenEmpty() {
        for (String bad : List.of("0/1", "00/000", "0/x000/001", "0/001.p/0", "0/001.p/256", "0/001.p/012", "64/000",
                "0/001/", "../000", "0/0001", "entries/000.p/", "0/x1/000")) {
            assertThat(TileId.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void partialTilesWhenSize70000ThenAsTheSpecExample() {
        assertThat(Tiles.partialTiles(70_000)).containsExactly(
                new TileId(0, 273, 112), new TileId(1, 1, 17), new TileId(2, 0, 1));
        assertThat(Tiles.partialTiles(256)).containsExactly(new TileId(1, 0, 1));
    }

    @Property(tries = 40)
    void tileBackedProofsEqualTheNaiveTree(@ForAll @IntRange(min = 1, max = 70_000) int size,
                                           @ForAll @IntRange(min = 0, max = 69_999) int index) {
        int leaf = index % size;
        List<byte[]> leaves = new ArrayList<>();
        Map<TileId, byte[]> full = new HashMap<>();
        TileBuilder builder = new TileBuilder();
        for (int i = 0; i < size; i++) {
            byte[] hash = Hashes.leaf(ByteBuffer.allocate(4).putInt(i).array());
            leaves.add(hash);
            builder.add(hash).forEach(t -> full.put(t.id(), t.hashes()));
        }
        TileReader reader = builder.partials(id -> {
            byte[] tile = full.get(id);
            if (tile == null) {
                throw new IllegalArgumentException("no tile " + id.path());
            }
            return tile;
        });
        MerkleTree tiled = new MerkleTree(new TileNodes(reader, size));
        MerkleTree naive = new MerkleTree(InMemoryNodes.of(leaves));
        assertThat(tiled.root(size)).isEqualTo(naive.root(size));
        assertThat(tiled.inclusionProof(leaf, size)).containsExactlyElementsOf(naive.inclusionProof(leaf, size));
        long older = Math.max(1, leaf);
        assertThat(tiled.consistencyProof(older, size)).containsExactlyElementsOf(naive.consistencyProof(older, size));
        assertThat(Proofs.verifyInclusion(leaf, size, leaves.get(leaf), tiled.inclusionProof(leaf, size), naive.root(size)).ok()).isTrue();

        TileBuilder resumed = TileBuilder.resume(size, reader);
        byte[] next = Hashes.leaf(new byte[] {1, 2, 3});
        leaves.add(next);
        resumed.add(next).forEach(t -> full.put(t.id(), t.hashes()));
        builder.add(next);
        for (int level = 0; level < 4; level++) {
            assertThat(resumed.partial(level)).isEqualTo(builder.partial(level));
        }
    }

    @Test
    void existsAtWhenIndexOrLevelOverflowsTheArithmeticThenNo() {
        long size = Long.MAX_VALUE;
        assertThat(Tiles.existsAt(new TileId(0, 999_999_999_999_999_999L, TileId.FULL), 300)).isFalse();
        assertThat(Tiles.existsAt(new TileId(0, 1L << 55, TileId.FULL), 300)).isFalse();
        assertThat(Tiles.existsAt(new TileId(TileId.ENTRIES, Long.MAX_VALUE, 7), size)).isFalse();
        assertThat(Tiles.existsAt(new TileId(8, 0, TileId.FULL), 300)).as("8 * 8 = 64: a shift by 0").isFalse();
        assertThat(Tiles.existsAt(new TileId(63, 0, 1), size)).isFalse();
        assertThat(Tiles.existsAt(new TileId(7, 0, 127), size)).as("the top of the largest tree").isTrue();
        assertThat(Tiles.existsAt(new TileId(0, size / TileId.FULL - 1, TileId.FULL), size)).isTrue();
    }

    @Test
    void sizesWithPartialWhenTheSpecExampleThenTheSizesThatEndInsideIt() {
        // 70,000 = 273 * 256 + 112 = (1 * 256 + 17) * 256 + 112: its partial tiles, and which sizes share each.
        assertThat(Tiles.sizesWithPartial(new TileId(0, 273, 112))).containsExactly(70_000, 70_001);
        assertThat(Tiles.sizesWithPartial(new TileId(TileId.ENTRIES, 273, 112))).containsExactly(70_000, 70_001);
        assertThat(Tiles.sizesWithPartial(new TileId(1, 1, 17))).containsExactly(69_888, 70_144);
        assertThat(Tiles.sizesWithPartial(new TileId(2, 0, 1))).containsExactly(65_536, 131_072);
        assertThat(Tiles.sizesWithPartial(new TileId(7, 0, 127))).as("cut off at the largest size")
                .containsExactly(127L << 56, Long.MAX_VALUE);
        assertThat(Tiles.sizesWithPartial(new TileId(63, Long.MAX_VALUE, 255))).containsExactly(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    @Property(tries = 200)
    void sizesWithPartialWhenAnySizeThenContainsItForEachOfItsPartialTiles(@ForAll @IntRange(min = 1) int size) {
        for (TileId tile : Tiles.partialTiles(size)) {
            long[] sizes = Tiles.sizesWithPartial(tile);
            assertThat((long) size).as(tile.path()).isGreaterThanOrEqualTo(sizes[0]).isLessThan(sizes[1]);
            assertThat(Tiles.partialTiles(sizes[1])).as("the next size past it has another tile").doesNotContain(tile);
        }
    }
}
