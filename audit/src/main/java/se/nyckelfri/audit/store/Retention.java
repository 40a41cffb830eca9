package se.nyckelfri.audit.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Period;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The retention period for personal data in the log: once an entry is older than the period, the openings of its
 * commitments and its search references are deleted, and a resident key with nothing left to open is deleted too.
 * The entries themselves, the tree and every proof stay as they are. Runs daily (and on demand).
 *
 * <p>Thread-safe: each run is one transaction.
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Period period;

    public Retention(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, Period period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a retention period is positive");
        }
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.period = period;
    }

    /** Erases what is past the period; answers how many openings were erased. */
    public int apply() {
        Timestamp cutoff = Timestamp.from(clock.instant().atOffset(ZoneOffset.UTC).minus(period).toInstant());
        Integer erased = tx.execute(s -> {
            int openings = jdbc.update("""
                    DELETE FROM audit_opening o USING audit_entry e WHERE e.idx = o.idx AND e.recorded_at < ?""", cutoff);
            jdbc.update("DELETE FROM audit_resident_ref r USING audit_entry e WHERE e.idx = r.idx AND e.recorded_at < ?", cutoff);
            jdbc.update("""
                    DELETE FROM audit_resident_key k WHERE NOT EXISTS (SELECT 1 FROM audit_opening o WHERE o.resident = k.resident)
                    AND k.created_at < ?""", cutoff);
            return openings;
        });
        if (erased != null && erased > 0) {
            log.info("Retention ({}): erased {} openings of personal data recorded before {}", period, erased, cutoff.toInstant());
        }
        return erased == null ? 0 : erased;
    }
}
