package se.nyckelfri.audit.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditLogUnavailableException;

/**
 * Gives events their gap-free indices and makes them durable, in batches: up to {@value #BATCH} entries per
 * transaction, taken from the in-memory queue of {@link #appendDurably} callers and from the transactional outbox
 * ({@code audit_pending}) that {@link #append} writes into inside callers' transactions. A batch is one
 * PostgreSQL transaction (with {@code synchronous_commit=on}): entries, openings and search references in,
 * outbox rows out, all or nothing. Callers hear their index only after the commit.
 *
 * <p>Indices come from {@code max(idx) + 1} under a transaction-scoped advisory lock, so two platform nodes
 * sequencing at once still produce one gap-free order. What an event becomes at its index (commitments, the chain of
 * a lock's entries) is {@link EntryPlacement}'s job; the outbox's rows are {@link Outbox}'s. This class is the batching
 * queue and its thread.
 *
 * <p>The sequencer writes on connections of its own ({@code writer}, see {@link AuditWriterPool}), never on the
 * callers' pool: when callers hold every connection of theirs, entries are still sequenced. Readers wait for it
 * ({@link #catchUp}) on its progress in memory, without taking a connection for the wait.
 *
 * <p>Thread-safe: callers may append from any thread; one sequencer thread writes.
 */
public final class Sequencer implements AuditLog {

    static final int BATCH = 256;
    private static final long ADVISORY_KEY = 0x6e79636b_656c6601L;
    private static final Duration DURABLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

    private record Request(AuditEvent event, Instant time, CompletableFuture<Long> done) { }

    /** The sequencer's own connections, and its transactions on them. */
    private final JdbcTemplate writer;
    private final TransactionTemplate tx;
    private final Clock clock;
    /** {@link #append}'s way in: rows written in the callers' transactions. */
    private final Outbox outbox;
    /** What an event becomes at its index; touched only by the sequencer thread. */
    private final EntryPlacement placement;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Object wake = new Object();
    private volatile boolean outboxDirty = true;
    private volatile boolean running;
    private volatile long size = -1;
    private volatile LongConsumer onSequenced = s -> { };
    /**
     * {@link System#nanoTime()} just before the newest committed batch read the outbox and found it drained: every row
     * committed before then has its index. Guarded by {@link #progress} for waiting; written by the sequencer thread.
     */
    private volatile long drainedAt;
    private volatile boolean drainedOnce;
    private final Object progress = new Object();
    private Thread thread;

    /**
     * @param jdbc   the callers' connections (the outbox row of {@link #append} goes into the caller's transaction)
     * @param writer the sequencer's own connections; {@code tx} must run on the same data source
     */
    public Sequencer(JdbcTemplate jdbc, JdbcTemplate writer, TransactionTemplate tx, ResidentKeys residentKeys, Clock clock) {
        this.writer = writer;
        this.tx = tx;
        this.clock = clock;
        this.outbox = new Outbox(jdbc, clock, this::signal);
        this.placement = new EntryPlacement(writer, residentKeys);
    }

    /** Called with the new log size after every committed batch (from the sequencer thread). */
    void onSequenced(LongConsumer listener) {
        this.onSequenced = listener;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "audit-sequencer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * True once the sequencer runs and has caught up with the outbox at least once since it started (after a crash:
     * every row committed before the crash has its index), and its thread is alive.
     */
    boolean sequencing() {
        Thread t = thread;
        return running && drainedOnce && t != null && t.isAlive();
    }

    /** Lets the batch in progress finish (it may hold callers' indices), then stops. */
    synchronized void stop() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        synchronized (progress) {
            progress.notifyAll();   // readers waiting to catch up hear at once that it will not happen
        }
        if (thread != null) {
            try {
                thread.join(10_000);
                if (thread.isAlive()) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Pending append(AuditEvent event) {
        CompletableFuture<Long> done = outbox.add(event);
        return timeout -> await(done, timeout);
    }

    @Override
    public List<Pending> appendAll(List<AuditEvent> events) {
        return outbox.addAll(events).stream().<Pending>map(done -> timeout -> await(done, timeout)).toList();
    }

    @Override
    public long appendDurably(AuditEvent event) {
        return await(appendDurablyAsync(event), DURABLE_TIMEOUT);
    }

    /**
     * Queues {@code event}; the future completes with its index once the batch holding it has committed (or
     * exceptionally if that batch failed). For producers that keep many appends in flight.
     */
    public CompletableFuture<Long> appendDurablyAsync(AuditEvent event) {
        if (!running) {
            throw new AuditLogUnavailableException("the audit log is not running");
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        queue.add(new Request(event, clock.instant(), done));
        synchronized (wake) {
            wake.notifyAll();
        }
        return done;
    }

    /**
     * Waits until every event committed to the outbox before this call has its index. The wait is on the sequencer's
     * progress in memory: it takes no connection (a caller may hold one already, and the pool may be exhausted), and
     * it ends with the first batch that begins after this call and drains the outbox — which sees every commit made
     * before this call, on this node or another, since the sequencer reads with a fresh snapshot after taking the
     * log's advisory lock.
     *
     * @throws AuditLogUnavailableException when the sequencer has not caught up within {@code timeout}, or is not running
     */
    void catchUp(Duration timeout) {
        long asked = System.nanoTime();
        long deadline = asked + timeout.toNanos();
        signal();
        synchronized (progress) {
            while (!drainedOnce || drainedAt - asked < 0) {
                if (!running) {
                    throw new AuditLogUnavailableException("the audit log is not running");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AuditLogUnavailableException("the audit sequencer is behind");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AuditLogUnavailableException("interrupted while waiting for the audit sequencer", e);
                }
            }
        }
    }

    private void signal() {
        outboxDirty = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        long lastOutboxCheck = 0;
        while (running) {
            List<Request> batch = new ArrayList<>();
            try {
                Request first = queue.poll();
                if (first == null && !outboxDirty) {
                    synchronized (wake) {
                        if (!outboxDirty && queue.isEmpty()) {
                            wake.wait(2);
                        }
                    }
                    first = queue.poll();
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
                continue;
            }
            boolean checkOutbox = outboxDirty || System.nanoTime() - lastOutboxCheck > 200_000_000L;
            if (batch.isEmpty() && !checkOutbox) {
                continue;
            }
            if (checkOutbox) {
                outboxDirty = false;
                lastOutboxCheck = System.nanoTime();
            }
            try {
                sequence(batch, checkOutbox);
            } catch (RuntimeException e) {
                log.error("Audit batch of {} failed; callers are told, the outbox is retried", batch.size(), e);
                batch.forEach(r -> r.done().completeExceptionally(e));
                placement.forget();
                outboxDirty = true;
                sleepQuietly(50);
            }
        }
    }

    private void sequence(List<Request> batch, boolean checkOutbox) {
        EntryPlacement.Batch rows = placement.batch();
        Map<Long, Long> outboxIndices = new LinkedHashMap<>();
        long[] newSize = new long[1];
        long[] drained = {0};
        boolean[] drainedAll = {false};
        tx.executeWithoutResult(status -> {
            writer.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, ADVISORY_KEY);
            long next = writer.queryForObject("SELECT coalesce(max(idx) + 1, 0) FROM audit_entry", Long.class);
            if (next != size) {
                placement.forget();   // another writer (a second node) appended: what it knew of locks may be stale
            }
            List<Outbox.Row> pending = List.of();
            int room = BATCH - batch.size();
            if (checkOutbox && room > 0) {
                // The statement's snapshot is taken after this instant, so it sees every commit made before it.
                drained[0] = System.nanoTime();
                pending = outbox.take(writer, room);
                if (pending.size() == room) {
                    outboxDirty = true;
                } else {
                    drainedAll[0] = true;
                }
            }
            long idx = next;
            for (Outbox.Row row : pending) {
                rows.place(idx, row.event(), row.time());
                outboxIndices.put(row.id(), idx++);
            }
            for (Request r : batch) {
                rows.place(idx++, r.event(), r.time());
            }
            if (rows.entries.isEmpty()) {
                newSize[0] = next;
                return;
            }
            writer.batchUpdate("""
                    INSERT INTO audit_entry (idx, entry, recorded_at, type, actor_key, subject_kind, subject_key, outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows.entries);
            if (!rows.openings.isEmpty()) {
                writer.batchUpdate("INSERT INTO audit_opening (idx, position, resident, sealed) VALUES (?, ?, ?, ?)", rows.openings);
                writer.batchUpdate("INSERT INTO audit_resident_ref (resident, idx) VALUES (?, ?) ON CONFLICT DO NOTHING", rows.refs);
            }
            if (!outboxIndices.isEmpty()) {
                outbox.remove(writer, outboxIndices.keySet());
            }
            newSize[0] = idx;
        });
        size = newSize[0];
        rows.committed();
        outbox.placed(outboxIndices);
        long idx = newSize[0] - batch.size();
        for (Request r : batch) {
            r.done().complete(idx++);
        }
        if (!outboxIndices.isEmpty() || !batch.isEmpty()) {
            onSequenced.accept(size);
        }
        if (drainedAll[0]) {
            synchronized (progress) {
                drainedAt = drained[0];
                drainedOnce = true;
                progress.notifyAll();
            }
        }
    }

    private static long await(CompletableFuture<Long> done, Duration timeout) {
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the audit log", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the audit log did not record the event", e.getCause());
        } catch (TimeoutException e) {
            throw new AuditLogUnavailableException("the audit log did not confirm within " + timeout, e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
