package se.nyckelfri.access.unlocking;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.emergency.EmergencyOpenings;

/**
 * At start, after the emergency openings' backfill, links the openings that still have no receipt to the receipts
 * the ledger already holds for their credentials: rows an upgrade gave to emergencies recorded before they had rows,
 * whose receipts arrived first. While running, the ledger links each receipt as it records it.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class EmergencyReceiptLinks implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(EmergencyReceiptLinks.class);

    private final EmergencyOpenings emergencies;
    private final JdbcTemplate jdbc;

    EmergencyReceiptLinks(EmergencyOpenings emergencies, JdbcTemplate jdbc) {
        this.emergencies = emergencies;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<EmergencyOpenings.CredentialAt> waiting = emergencies.withoutReceipt();
        if (waiting.isEmpty()) {
            return;
        }
        // one query for all of them: each credential's first receipt at its lock, if the ledger has one
        UUID[] locks = waiting.stream().map(EmergencyOpenings.CredentialAt::lockId).toArray(UUID[]::new);
        String[] credentials = waiting.stream().map(w -> HexFormat.of().formatHex(w.credentialId())).toArray(String[]::new);
        int[] linked = {0};
        jdbc.query("""
                SELECT DISTINCT ON (r.lock_id, r.credential_id) r.lock_id, r.credential_id, r.counter, r.outcome
                FROM lock_receipt r JOIN unnest(?, ?) AS w(lock_id, credential) ON r.lock_id = w.lock_id
                WHERE encode(r.credential_id, 'hex') = w.credential
                ORDER BY r.lock_id, r.credential_id, r.counter""", rs -> {
            emergencies.receiptRecorded(rs.getObject("lock_id", UUID.class), rs.getBytes("credential_id"), rs.getLong("counter"),
                    rs.getString("outcome"));
            linked[0]++;
        }, locks, credentials);
        if (linked[0] > 0) {
            log.info("Linked {} emergency openings to the lock receipts recorded before their rows", linked[0]);
        }
    }
}
