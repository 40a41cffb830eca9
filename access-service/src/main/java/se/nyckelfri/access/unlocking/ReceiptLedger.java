package se.nyckelfri.access.unlocking;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.premises.LockRegistry;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * Receipts from locks, verified against the key each lock registered at commissioning and kept exactly once per
 * lock and counter, each with its audit record in the same transaction. Whether a receipt arrives with the answer
 * to an unlock or later from a gateway's journal, it is recorded once. Thread-safe.
 */
@Component
public class ReceiptLedger {

    /** Parsed lock keys kept (a district's whole fleet); the cache is dropped and refilled when full. */
    private static final int PARSED_KEYS = 50_000;

    private final JdbcTemplate jdbc;
    private final LockRegistry locks;
    private final EmergencyOpenings emergencies;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<ByteBuffer, PublicKey> parsedKeys = new ConcurrentHashMap<>();

    ReceiptLedger(JdbcTemplate jdbc, LockRegistry locks, EmergencyOpenings emergencies, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.emergencies = emergencies;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A receipt as recorded: its claims, whether this call recorded it (false: it was already there), and its
     * audit record, whose index is known once the recording transaction has committed and been sequenced.
     */
    public record Recorded(ReceiptClaims claims, boolean isNew, AuditLog.Pending audit) {
        /** The audit index of the receipt, waiting briefly for the sequencer; -1 when not known. */
        public long auditIndex() {
            try {
                return audit.awaitIndex(Duration.ofSeconds(5));
            } catch (IllegalStateException e) {
                return -1;
            }
        }
    }

    /**
     * Verifies {@code receipt} as coming from {@code lockId} and records it.
     *
     * @throws Receipts.ReceiptException when it is not a valid receipt of that lock's registered key
     */
    @Transactional
    public Recorded record(UUID lockId, byte[] receipt, String via) throws Receipts.ReceiptException {
        ReceiptClaims claims = verify(lockId, receipt);
        // The unlock's answer and a gateway's journal may bring the same receipt at the same moment: the primary key
        // (lock, counter) lets one insert win; the other waits for it to commit and then finds the row there.
        int inserted = jdbc.update("""
                INSERT INTO lock_receipt (lock_id, counter, receipt, outcome, reason, credential_id, audit_index, received_at,
                                          previous_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lock_id, counter) DO NOTHING""", lockId, claims.counter(),
                receipt, claims.outcome().name(), claims.reason(), claims.credentialId(), null, Timestamp.from(clock.instant()),
                claims.previousHash());
        if (inserted == 0) {
            Long stored = jdbc.queryForObject("SELECT audit_index FROM lock_receipt WHERE lock_id = ? AND counter = ?",
                    Long.class, lockId, claims.counter());
            return new Recorded(claims, false, timeout -> stored == null ? -1 : stored);
        }
        AuditLog.Pending pending = audit.append(AuditEvent.of("LOCK_RECEIPT", "lock:" + lockId)
                .subject("lock", lockId)
                .outcome(claims.outcome().name(), claims.reason() == 0 ? null : "CODE_" + claims.reason())
                .attribute("counter", claims.counter())
                .attribute("previous_hash", HexFormat.of().formatHex(claims.previousHash()))
                .attribute("receipt_sha256", HexFormat.of().formatHex(Receipts.hash(receipt)))
                .attribute("credential", claims.credentialId().length == 0 ? null : HexFormat.of().formatHex(claims.credentialId()))
                .attribute("lock_clock", claims.lockClock())
                .attribute("battery", claims.batteryPercent())
                .attribute("via", via)
                .build());
        locks.reported(lockId, claims.batteryPercent(), claims.lockClock());
        if (claims.credentialId().length > 0) {
            emergencies.receiptRecorded(lockId, claims.credentialId(), claims.counter(), claims.outcome().name());
        }
        return new Recorded(claims, true, pending);
    }


    /**
     * What {@code receipt} says, if it is {@code lockId}'s own: signed with that lock's registered key and naming it.
     * Records nothing.
     *
     * @throws Receipts.ReceiptException otherwise
     */
    public ReceiptClaims verify(UUID lockId, byte[] receipt) throws Receipts.ReceiptException {
        ReceiptClaims claims = Receipts.verify(receipt, registeredKey(lockId));
        if (!claims.lockId().equals(lockId)) {
            throw new Receipts.ReceiptException("receipt names another lock");
        }
        return claims;
    }

    private PublicKey registeredKey(UUID lockId) throws Receipts.ReceiptException {
        byte[] key = locks.registeredKey(lockId).orElseThrow(() -> new Receipts.ReceiptException("no such lock"));
        // The registered key is read every time (a re-commissioned lock has a new one); only parsing it is remembered.
        ByteBuffer encoded = ByteBuffer.wrap(key);
        PublicKey parsed = parsedKeys.get(encoded);
        if (parsed != null) {
            return parsed;
        }
        try {
            parsed = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key));
        } catch (GeneralSecurityException e) {
            throw new Receipts.ReceiptException("the lock's registered key is unusable");
        }
        if (parsedKeys.size() >= PARSED_KEYS) {
            parsedKeys.clear();
        }
        parsedKeys.put(encoded, parsed);
        return parsed;
    }
}
