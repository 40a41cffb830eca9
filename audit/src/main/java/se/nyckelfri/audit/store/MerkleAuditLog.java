package se.nyckelfri.audit.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.audit.tile.TileId;

/**
 * The tamper-evident audit log, as the application sees it: {@link AuditLog} for writers, {@link AuditTrail} and
 * proofs for readers, erasure of a resident's personal data, and its life cycle. The work is done by its layers, as
 * Tessera separates them: the batching queue ({@link Sequencer}, with the {@link Outbox} and the
 * {@link EntryPlacement}), the storage of tiles and checkpoints ({@link Integrator}, {@link JdbcTiles},
 * {@link Checkpointer}, run by {@link LogTasks}) and the reads ({@link LogReader}).
 *
 * <p>Thread-safe.
 */
public class MerkleAuditLog implements AuditLog, AuditTrail, SmartLifecycle {

    private final Sequencer sequencer;
    private final Checkpointer checkpointer;
    private final ResidentKeys residentKeys;
    private final LogReader reader;
    private final LogTasks tasks;
    private volatile boolean running;

    public MerkleAuditLog(JdbcTemplate jdbc, Sequencer sequencer, Integrator integrator, Checkpointer checkpointer,
                          JdbcTiles tiles, ResidentKeys residentKeys) {
        this.sequencer = sequencer;
        this.checkpointer = checkpointer;
        this.residentKeys = residentKeys;
        this.reader = new LogReader(jdbc, sequencer, checkpointer, tiles, residentKeys);
        this.tasks = new LogTasks(sequencer, integrator, checkpointer);
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Pending append(AuditEvent event) {
        return sequencer.append(event);
    }

    @Override
    public List<Pending> appendAll(List<AuditEvent> events) {
        return sequencer.appendAll(events);
    }

    @Override
    public long appendDurably(AuditEvent event) {
        return sequencer.appendDurably(event);
    }

    /** See {@link Sequencer#appendDurablyAsync}. */
    public CompletableFuture<Long> appendDurablyAsync(AuditEvent event) {
        return sequencer.appendDurablyAsync(event);
    }

    @Override
    public List<AuditRecord> find(Query q) {
        return reader.find(q);
    }

    @Override
    public Found search(Search search) {
        return reader.search(search);
    }

    @Override
    public long size() {
        return reader.size();
    }

    @Override
    public Map<String, Integer> countBySubject(String subjectKind, Collection<String> subjectIds, Set<String> outcomes,
                                               Instant since) {
        return reader.countBySubject(subjectKind, subjectIds, outcomes, since);
    }

    @Override
    public Map<String, List<Instant>> recordedAt(String type, String subjectKind, Collection<String> subjectIds,
                                                 Instant from, Instant until) {
        return reader.recordedAt(type, subjectKind, subjectIds, from, until);
    }

    /** One stored entry's exact bytes. */
    public Optional<byte[]> entryBytes(long idx) {
        return reader.entryBytes(idx);
    }

    /** The newest published (cosigned) checkpoint. */
    public Optional<Checkpointer.Published> latestCheckpoint() {
        return checkpointer.latest();
    }

    public String origin() {
        return checkpointer.origin();
    }

    /**
     * Entry {@code index} with its inclusion in the newest published checkpoint: the entry's bytes and leaf hash, the
     * tree size, the RFC 9162 proof and the cosigned checkpoint note. Empty when no checkpoint covers it yet.
     */
    public Optional<Inclusion> inclusion(long index) {
        return reader.inclusion(index);
    }

    /** An entry and its proof of inclusion in a cosigned checkpoint ({@link #inclusion}). */
    public record Inclusion(long index, byte[] entry, byte[] leafHash, long treeSize, List<byte[]> proof, String checkpoint) { }

    /** RFC 9162 inclusion proof of entry {@code idx} in the tree of {@code size} (a published size). */
    public List<byte[]> inclusionProof(long idx, long size) {
        return reader.inclusionProof(idx, size);
    }

    /** RFC 9162 consistency proof between two tree sizes. */
    public List<byte[]> consistencyProof(long size1, long size2) {
        return reader.consistencyProof(size1, size2);
    }

    /** A tile or entry bundle, if it exists for the newest published checkpoint. */
    public Optional<byte[]> tile(TileId id) {
        return reader.tile(id);
    }

    /**
     * Erases a resident's personal data from the log's side tables: their key, the openings of their
     * commitments and the search references. The entries and the tree are untouched and still verify.
     *
     * @return how many openings were erased
     */
    @Transactional
    public int erase(String residentPseudonym) {
        return residentKeys.erase(residentPseudonym);
    }

    /** Waits until everything appended so far is in a published checkpoint; for tests and shutdown. */
    public Checkpointer.Published awaitCheckpoint(Duration timeout) {
        long target = size();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Checkpointer.Published> latest = latestCheckpoint();
            if (latest.isPresent() && latest.get().size() >= target) {
                return latest.get();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no checkpoint covers size " + target + " within " + timeout);
    }

    /**
     * Whether the log accepts and sequences appends: started, its sequencer thread alive and caught up with the
     * outbox since start. What the platform's readiness reports.
     */
    public boolean sequencing() {
        return sequencer.sequencing();
    }

    /** Runs {@code retention} daily from start (off when never set). */
    public void retainWith(Retention retention) {
        tasks.retainWith(retention);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        sequencer.start();
        tasks.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        sequencer.stop();
        tasks.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;   // before anything that appends, after the database
    }
}
