package se.nyckelfri.access.unlocking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The idempotency records of unlocks: one per {@code Idempotency-Key}, claimed before anything is asked of the lock
 * and finished with the attempt's {@link UnlockOutcome}, so a retry with the same key never issues a second credential
 * and gets the first outcome back. Owns the {@code unlock_record} table. Thread-safe (the key's primary key decides a
 * race: one claim wins).
 */
@Repository
class UnlockRecords {

    private final JdbcTemplate jdbc;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final Clock clock;

    UnlockRecords(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.reader = json.readerFor(UnlockOutcome.class);
        // outcomes without fields (NoGateway) are stored as their kind alone
        this.writer = json.writerFor(UnlockOutcome.class).without(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        this.clock = clock;
    }

    /**
     * Claims {@code key} for an attempt by {@code staffMemberId} at {@code lockId}: {@code null} when this call claimed
     * it, otherwise what the claim found: the first outcome, {@link UnlockOutcome.InProgress} while the first attempt
     * runs, or {@link UnlockOutcome.KeyReused} when the key was used for another staff member or lock.
     */
    UnlockOutcome claim(String key, UUID staffMemberId, UUID lockId) {
        int inserted = jdbc.update("""
                INSERT INTO unlock_record (idempotency_key, staff_member_id, lock_id, state, created_at)
                VALUES (?, ?, ?, 'IN_PROGRESS', ?) ON CONFLICT (idempotency_key) DO NOTHING""",
                key, staffMemberId, lockId, Timestamp.from(clock.instant()));
        if (inserted == 1) {
            return null;
        }
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT staff_member_id, lock_id, state, outcome FROM unlock_record WHERE idempotency_key = ?", key);
        if (!staffMemberId.equals(row.get("staff_member_id")) || !lockId.equals(row.get("lock_id"))) {
            return new UnlockOutcome.KeyReused();
        }
        if ("IN_PROGRESS".equals(row.get("state"))) {
            return new UnlockOutcome.InProgress();
        }
        try {
            return reader.readValue((String) row.get("outcome"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored unlock outcome unreadable", e);
        }
    }

    /** Finishes the attempt that claimed {@code key} with {@code outcome}, and returns it. */
    UnlockOutcome finish(String key, UnlockOutcome outcome) {
        try {
            jdbc.update("UPDATE unlock_record SET state = 'DONE', outcome = ? WHERE idempotency_key = ?",
                    writer.writeValueAsString(outcome), key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return outcome;
    }
}
