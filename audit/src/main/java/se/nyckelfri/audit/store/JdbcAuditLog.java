package se.nyckelfri.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;

/**
 * {@link AuditLog} and {@link AuditTrail} on PostgreSQL.
 *
 * <p>The next index lives in a single counter row ({@code audit_head}); taking it with
 * {@code UPDATE ... RETURNING} row-locks it until the caller's transaction ends, so indices are gap-free
 * and in commit order, and a rolled-back change takes its index back with it. This serialises appenders;
 * the batched Merkle log (a later issue) replaces this store behind the same interface.
 *
 * <p>Thread-safe: holds no mutable state.
 */
@Component
public class JdbcAuditLog implements AuditLog, AuditTrail {

    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public JdbcAuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public AuditRecord append(AuditEvent event) {
        Long index = jdbc.queryForObject(
                "UPDATE audit_head SET next_index = next_index + 1 WHERE id = 1 RETURNING next_index - 1", Long.class);
        if (index == null) {
            throw new IllegalStateException("audit_head row is missing");
        }
        Instant now = clock.instant();
        jdbc.update("""
                INSERT INTO audit_record (idx, recorded_at, type, actor, subject_kind, subject_id, outcome, reason, attributes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))""",
                index, Timestamp.from(now), event.type(), event.actor(), event.subjectKind(), event.subjectId(),
                event.outcome(), event.reason(), toJson(event.attributes()));
        return new AuditRecord(index, now, event);
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditRecord> find(Query q) {
        StringBuilder sql = new StringBuilder("""
                SELECT idx, recorded_at, type, actor, subject_kind, subject_id, outcome, reason, attributes::text
                FROM audit_record WHERE idx > ?""");
        List<Object> args = new ArrayList<>();
        args.add(q.afterIndex());
        where(sql, args, "type = ?", q.type());
        where(sql, args, "subject_kind = ?", q.subjectKind());
        where(sql, args, "subject_id = ?", q.subjectId());
        where(sql, args, "actor = ?", q.actor());
        where(sql, args, "recorded_at >= ?", q.from() == null ? null : Timestamp.from(q.from()));
        where(sql, args, "recorded_at < ?", q.until() == null ? null : Timestamp.from(q.until()));
        sql.append(" ORDER BY idx LIMIT ?");
        args.add(q.limit());
        return jdbc.query(sql.toString(), this::record, args.toArray());
    }

    @Override
    public long size() {
        Long next = jdbc.queryForObject("SELECT next_index FROM audit_head WHERE id = 1", Long.class);
        return next == null ? 0 : next;
    }

    private static void where(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private AuditRecord record(ResultSet rs, int row) throws SQLException {
        AuditEvent event = new AuditEvent(rs.getString("type"), rs.getString("actor"), rs.getString("subject_kind"),
                rs.getString("subject_id"), rs.getString("outcome"), rs.getString("reason"),
                fromJson(rs.getString("attributes")));
        return new AuditRecord(rs.getLong("idx"), rs.getTimestamp("recorded_at").toInstant(), event);
    }

    private String toJson(Map<String, String> attributes) {
        try {
            return json.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes are not serialisable", e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return json.readValue(text, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not valid JSON", e);
        }
    }
}
