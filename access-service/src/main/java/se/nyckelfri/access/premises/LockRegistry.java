package se.nyckelfri.access.premises;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the platform keeps of each lock for the receipt ledger: the public key it was commissioned with (receipts are
 * verified with it), and the battery and clock its newest receipt reported (the fleet page shows them); and which
 * locks it can reach now, for pushing updates. Thread-safe.
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

    /** A lock the platform can reach now: active, behind a gateway that is online. */
    public record Reachable(UUID lockId, UUID gatewayId) { }

    /** Every lock the platform can reach now, by gateway. */
    public List<Reachable> reachable() {
        return jdbc.query("""
                SELECT l.id, l.gateway_id FROM lock_device l JOIN gateway g ON g.id = l.gateway_id
                WHERE l.state = 'ACTIVE' AND g.online ORDER BY l.gateway_id""",
                (rs, i) -> new Reachable(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
    }

    /** The active locks behind gateway {@code gatewayId}. */
    public List<Reachable> behind(UUID gatewayId) {
        return jdbc.query("SELECT id, gateway_id FROM lock_device WHERE state = 'ACTIVE' AND gateway_id = ?",
                (rs, i) -> new Reachable(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)), gatewayId);
    }

    /** Keeps what a receipt signed at {@code lockClock} reported, unless a newer receipt's report is kept already. */
    public void reported(UUID lockId, int batteryPercent, Instant lockClock) {
        jdbc.update("UPDATE lock_device SET battery_percent = ?, last_receipt_at = ? WHERE id = ? "
                + "AND (last_receipt_at IS NULL OR last_receipt_at <= ?)", batteryPercent, Timestamp.from(lockClock), lockId,
                Timestamp.from(lockClock));
    }
}
