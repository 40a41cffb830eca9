package se.nyckelfri.access.premises;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the platform keeps of each lock for the receipt ledger: the public key it was commissioned with (receipts are
 * verified with it), and the battery and clock its newest receipt reported (the fleet page shows them). Thread-safe.
 */
@Component
public class LockRegistry {

    private final JdbcTemplate jdbc;

    LockRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The registered public key of {@code lockId} (X.509 SubjectPublicKeyInfo), if there is such a lock. */
    public Optional<byte[]> registeredKey(UUID lockId) {
        return jdbc.queryForList("SELECT public_key FROM lock_device WHERE id = ?", byte[].class, lockId).stream().findFirst();
    }

    /** Keeps what a receipt signed at {@code lockClock} reported, unless a newer receipt's report is kept already. */
    public void reported(UUID lockId, int batteryPercent, Instant lockClock) {
        jdbc.update("UPDATE lock_device SET battery_percent = ?, last_receipt_at = ? WHERE id = ? "
                + "AND (last_receipt_at IS NULL OR last_receipt_at <= ?)", batteryPercent, Timestamp.from(lockClock), lockId,
                Timestamp.from(lockClock));
    }
}
