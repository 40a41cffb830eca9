package se.nyckelfri.access.unlocking;

import java.util.List;
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
        int linked = 0;
        for (EmergencyOpenings.CredentialAt waiting : emergencies.withoutReceipt()) {
            record First(long counter, String outcome) { }
            List<First> first = jdbc.query("""
                    SELECT counter, outcome FROM lock_receipt WHERE lock_id = ? AND credential_id = ?
                    ORDER BY counter LIMIT 1""", (rs, n) -> new First(rs.getLong("counter"), rs.getString("outcome")),
                    waiting.lockId(), waiting.credentialId());
            for (First receipt : first) {
                emergencies.receiptRecorded(waiting.lockId(), waiting.credentialId(), receipt.counter(), receipt.outcome());
                linked++;
            }
        }
        if (linked > 0) {
            log.info("Linked {} emergency openings to the lock receipts recorded before their rows", linked);
        }
    }
}
