package se.nyckelfri.audit.verifier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import se.nyckelfri.audit.entry.EntryCodec;
import se.nyckelfri.audit.entry.EntryException;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.tile.TileBuilder;
import se.nyckelfri.audit.tile.TileId;
import se.nyckelfri.audit.tile.TileNodes;
import se.nyckelfri.audit.tile.Tiles;

/**
 * Re-derives the whole tree of a checkpoint from the log's entries: every entry must decode strictly, every full
 * tile the log serves must equal the one recomputed from the entries, and the root must equal the checkpoint's.
 * The first problem is reported with the entry index it concerns.
 *
 * <p>Not thread-safe; one run per instance.
 */
public final class Fsck {

    /** The outcome: {@code ok}, or the first problem, where it is, and how far the check got. */
    public record Report(boolean ok, long entries, Long firstBadIndex, String problem, long verifyCpuNanos) {
        static Report fine(long entries) {
            return new Report(true, entries, null, null, 0);
        }

        static Report bad(long entries, Long index, String problem) {
            return new Report(false, entries, index, problem, 0);
        }

        Report withCpu(long nanos) {
            return new Report(ok, entries, firstBadIndex, problem, nanos);
        }
    }

    private static final int AHEAD = 8;

    private final LogSource source;

    public Fsck(LogSource source) {
        this.source = source;
    }

    /**
     * Checks the log against {@code checkpoint}. Bundles and level-0 tiles are fetched a few ahead on other threads;
     * all hashing, decoding and comparing happens on the calling thread, whose CPU time the report carries.
     */
    public Report run(Checkpoint checkpoint) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        ExecutorService fetchers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fsck-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            Report report = check(checkpoint, fetchers);
            return report.withCpu(threads.getCurrentThreadCpuTime() - cpu);
        } finally {
            fetchers.shutdownNow();
        }
    }

    private CompletableFuture<byte[]> fetch(ExecutorService fetchers, TileId id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return source.tile(id);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, fetchers);
    }

    private static byte[] await(CompletableFuture<byte[]> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private Report check(Checkpoint checkpoint, ExecutorService fetchers) throws IOException {
        long size = checkpoint.size();
        long bundles = (size + TileId.FULL - 1) / TileId.FULL;
        Map<Long, CompletableFuture<byte[]>> entryBundles = new HashMap<>();
        Map<Long, CompletableFuture<byte[]>> levelZero = new HashMap<>();
        TileBuilder builder = new TileBuilder();
        for (long bundle = 0; bundle < bundles; bundle++) {
            for (long ahead = bundle; ahead < Math.min(bundles, bundle + AHEAD); ahead++) {
                long n = ahead;
                int w = (int) Math.min(TileId.FULL, size - n * TileId.FULL);
                entryBundles.computeIfAbsent(n, k -> fetch(fetchers, new TileId(TileId.ENTRIES, k, w)));
                if (w == TileId.FULL) {
                    levelZero.computeIfAbsent(n, k -> fetch(fetchers, new TileId(0, k, TileId.FULL)));
                }
            }
            long first = bundle * TileId.FULL;
            int width = (int) Math.min(TileId.FULL, size - first);
            byte[] bytes;
            try {
                bytes = await(entryBundles.remove(bundle));
            } catch (IOException e) {
                return Report.bad(first, first, "entries from " + first + " cannot be read: " + e.getMessage());
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            for (int i = 0; i < width; i++) {
                long idx = first + i;
                if (in.remaining() < 2) {
                    return Report.bad(idx, idx, "entry " + idx + " is missing from its bundle");
                }
                int length = in.getShort() & 0xffff;
                if (in.remaining() < length) {
                    return Report.bad(idx, idx, "entry " + idx + " is truncated");
                }
                byte[] entry = new byte[length];
                in.get(entry);
                try {
                    EntryCodec.decode(entry);
                } catch (EntryException e) {
                    return Report.bad(idx, idx, "entry " + idx + " is not a valid entry: " + e.getMessage());
                }
                for (TileBuilder.Tile full : builder.add(Hashes.leaf(entry))) {
                    byte[] served;
                    try {
                        CompletableFuture<byte[]> prefetched = full.id().level() == 0 ? levelZero.remove(full.id().index()) : null;
                        served = prefetched != null ? await(prefetched) : source.tile(full.id());
                    } catch (IOException e) {
                        return Report.bad(idx + 1, tileStart(full.id(), 0), "tile " + full.id().path() + " cannot be read: " + e.getMessage());
                    }
                    int differs = firstDifference(full.hashes(), served);
                    if (differs >= 0) {
                        return Report.bad(idx + 1, tileStart(full.id(), differs), "tile " + full.id().path() + " differs from "
                                + "the entries at its hash " + differs + " (entries from index " + tileStart(full.id(), differs) + ")");
                    }
                }
            }
            if (in.hasRemaining()) {
                return Report.bad(first + width, first + width, "the bundle from " + first + " holds more entries than the checkpoint");
            }
        }
        // A root needs only the rightmost (partial) tile of each level, which the builder holds.
        TileNodes nodes = new TileNodes(builder.partials(id -> {
            throw new IllegalStateException("the root of a tree never needs a full tile; asked for " + id.path());
        }), size);
        byte[] root = new MerkleTree(nodes).root(size);
        if (!MessageDigest.isEqual(root, checkpoint.root())) {
            return Report.bad(size, null, "the entries give another root than the checkpoint: the log was changed after "
                    + "the checkpoint or the checkpoint is not of this log");
        }
        return Report.fine(size);
    }

    private static long tileStart(TileId id, int hash) {
        return (id.index() * TileId.FULL + hash) << (TileId.HEIGHT * id.level());
    }

    private static int firstDifference(byte[] expected, byte[] served) {
        for (int i = 0; i < TileId.FULL; i++) {
            if (served.length < (i + 1) * Hashes.SIZE
                    || !MessageDigest.isEqual(Tiles.hashAt(expected, i), Tiles.hashAt(served, i))) {
                return i;
            }
        }
        return served.length == expected.length ? -1 : TileId.FULL - 1;
    }

}
