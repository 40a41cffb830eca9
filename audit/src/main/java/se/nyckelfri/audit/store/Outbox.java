package se.nyckelfri.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import se.nyckelfri.audit.AuditEvent;

/**
 * The transactional outbox ({@code audit_pending}): {@link #add} writes an event's row inside the caller's transaction,
 * so the event commits or rolls back with the caller's own change; the sequencer later {@link #take}s committed rows
 * in its batch's transaction, gives them indices and {@link #remove}s them in that same transaction. A caller's future
 * completes with its index once the batch has committed ({@link #placed}), or fails when the caller's transaction
 * rolled back. Thread-safe.
 */
final class Outbox {

    /** How an event travels through the outbox: the event and the time it was recorded. */
    record Outboxed(AuditEvent event, long timeMillis) { }

    /** A committed outbox row, as the sequencer takes it. */
    record Row(long id, AuditEvent event, Instant time) { }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Runnable committed;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Long, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();

    /**
     * @param jdbc      the callers' connections
     * @param committed told after each caller's transaction that added a row has committed (wakes the sequencer)
     */
    Outbox(JdbcTemplate jdbc, Clock clock, Runnable committed) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.committed = committed;
    }

    /**
     * Adds {@code event} in the caller's transaction; the future completes with its index once sequenced.
     *
     * @throws IllegalTransactionStateException when there is no transaction to add it in
     */
    CompletableFuture<Long> add(AuditEvent event) {
        return addAll(List.of(event)).get(0);
    }

    /**
     * Adds {@code events} in the caller's transaction with one statement; each future completes with its event's index
     * once sequenced, in the order given.
     *
     * @throws IllegalTransactionStateException when there is no transaction to add them in
     */
    List<CompletableFuture<Long>> addAll(List<AuditEvent> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("AuditLog.append must run inside the caller's transaction");
        }
        if (events.isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        String[] rows = events.stream().map(e -> toJson(new Outboxed(e, now))).toArray(String[]::new);
        // The ids come from the column's sequence, drawn row by row in the order the SELECT yields the rows (its ORDER
        // BY): sorted, they are the events' ids in the order given, whatever order RETURNING lists them in.
        List<Long> ids = new ArrayList<>(jdbc.queryForList("""
                INSERT INTO audit_pending (event, created_at)
                SELECT e, ? FROM unnest(?::text[]) WITH ORDINALITY AS u(e, n) ORDER BY n RETURNING id""",
                Long.class, Timestamp.from(Instant.ofEpochMilli(now)), rows));
        if (ids.size() != rows.length) {
            throw new IllegalStateException("the outbox kept " + ids.size() + " of " + rows.length + " events");
        }
        Collections.sort(ids);
        List<CompletableFuture<Long>> futures = new ArrayList<>(ids.size());
        for (Long id : ids) {
            CompletableFuture<Long> done = new CompletableFuture<>();
            waiting.put(id, done);
            futures.add(done);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    committed.run();
                    return;
                }
                for (Long id : ids) {
                    CompletableFuture<Long> gone = waiting.remove(id);
                    if (gone != null) {
                        gone.completeExceptionally(new IllegalStateException("the transaction did not commit"));
                    }
                }
            }
        });
        return futures;
    }

    /**
     * Up to {@code room} committed rows, oldest first, locked for the calling transaction on {@code writer} (rows
     * another node's sequencer holds are skipped). The statement's snapshot sees every commit made before it began.
     */
    List<Row> take(JdbcTemplate writer, int room) {
        return writer.query("SELECT id, event FROM audit_pending ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                (rs, n) -> {
                    Outboxed o = fromJson(rs.getString("event"));
                    return new Row(rs.getLong("id"), o.event(), Instant.ofEpochMilli(o.timeMillis()));
                }, room);
    }

    /** Removes rows that were given indices, in the batch's transaction on {@code writer}. */
    void remove(JdbcTemplate writer, Collection<Long> ids) {
        writer.update("DELETE FROM audit_pending WHERE id = ANY (?)", (Object) ids.toArray(new Long[0]));
    }

    /** After the batch committed: tells each waiting caller its row's index (by row id). */
    void placed(Map<Long, Long> indexById) {
        indexById.forEach((id, idx) -> {
            CompletableFuture<Long> done = waiting.remove(id);
            if (done != null) {
                done.complete(idx);
            }
        });
    }

    private String toJson(Outboxed o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event is not serialisable", e);
        }
    }

    private Outboxed fromJson(String text) {
        try {
            return json.readValue(text, Outboxed.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an outbox row is not an event", e);
        }
    }
}
