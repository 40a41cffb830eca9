package se.nyckelfri.access.audittrail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.overload.ExpensiveRead;
import se.nyckelfri.access.premises.LockRegistry;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.system.OrdinaryDates;
import se.nyckelfri.access.unlocking.LockReceipts;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.keyissuer.archive.CredentialArchive;

/**
 * The signed evidence behind the log's entries about a lock, for auditors who check it themselves: the lock's
 * registered public key, its receipts exactly as it signed them, and the credentials exactly as the issuer signed
 * them, each with the index of the log entry that commits to it ({@code LOCK_REGISTERED}'s {@code key_sha256},
 * {@code LOCK_RECEIPT}'s {@code receipt_sha256}, {@code CREDENTIAL_ISSUED}'s {@code claims_sha256}). Nothing here
 * asks to be trusted: every byte is checkable with public keys and the log's inclusion proofs (docs/design/audit-log.md,
 * "Checking an opening by hand"). Auditors and administrators only; every read is recorded first. Thread-safe.
 */
@Service
public class OpeningEvidence {

    /** The most receipts one page holds. */
    public static final int MAX_PAGE = 500;
    /** How far before a period an offline credential used in it may have been issued. */
    private static final Duration LONGEST_CREDENTIAL = Duration.ofHours(12);
    /** How long after a receipt arrived its log entry may have been placed. */
    private static final Duration PLACEMENT_SLACK = Duration.ofMinutes(5);
    private static final int SCAN_PAGE = 1000;
    private static final int MAX_SCANNED = 50_000;

    private final LockRegistry locks;
    private final LockReceipts receipts;
    private final CredentialArchive credentials;
    private final AuditTrail trail;
    private final AuditLog log;
    private final ScopeGuard guard;

    OpeningEvidence(LockRegistry locks, LockReceipts receipts, CredentialArchive credentials, AuditTrail trail, AuditLog log,
                    ScopeGuard guard) {
        this.locks = locks;
        this.receipts = receipts;
        this.credentials = credentials;
        this.trail = trail;
        this.log = log;
        this.guard = guard;
    }

    /** A receipt as the lock signed it (base64), and the index of its {@code LOCK_RECEIPT} entry (null: not found). */
    public record Receipt(long counter, Instant receivedAt, String receipt, Long auditIndex) { }

    /** A credential as the issuer signed it (base64), and the index of its {@code CREDENTIAL_ISSUED} entry. */
    public record Credential(String credentialId, String keyId, Instant issuedAt, String credential, Long auditIndex) { }

    /**
     * One page of a lock's evidence: its registered key (base64 X.509 SubjectPublicKeyInfo) and the index of the
     * {@code LOCK_REGISTERED} entry that commits to it, the receipts that arrived in the period with a counter above
     * the one asked for, the credentials they name and those issued for the lock in the period, and the counter to
     * continue after (null: no more).
     */
    public record LockEvidence(UUID lockId, String publicKey, Long registrationIndex, Instant from, Instant until,
                               List<Receipt> receipts, List<Credential> credentials, Long nextAfterCounter) { }

    @ExpensiveRead
    @Transactional
    public LockEvidence ofLock(Actor auditor, UUID lockId, Instant from, Instant until, long afterCounter, int limit) {
        requireAuditor(auditor, "evidence");
        OrdinaryDates.require("from", from);
        OrdinaryDates.require("until", until);
        if (!until.isAfter(from)) {
            throw new InvalidInputException("until", "must be after from");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("limit", "must be 1-" + MAX_PAGE);
        }
        byte[] key = locks.registeredKey(lockId).orElseThrow(() -> new NotFoundException("lock", lockId));
        log.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("lock", lockId)
                .attribute("evidence", "lock").attribute("from", from).attribute("until", until)
                .attribute("after", afterCounter).build());

        List<LockReceipts.Signed> page = receipts.signed(lockId, from, until, afterCounter, limit);
        Map<Long, Long> receiptEntries = new HashMap<>();
        Map<String, Long> credentialEntries = new HashMap<>();
        Long[] registration = {null};
        scan(new AuditTrail.Query("LOCK_REGISTERED", "lock", lockId.toString(), null, null, null, -1, SCAN_PAGE),
                r -> registration[0] = registration[0] == null ? r.index() : registration[0]);
        scan(new AuditTrail.Query("LOCK_RECEIPT", "lock", lockId.toString(), null, from.minus(PLACEMENT_SLACK),
                until.plus(PLACEMENT_SLACK), -1, SCAN_PAGE), r -> {
            String counter = r.event().attributes().get("counter");
            if (counter != null) {
                receiptEntries.putIfAbsent(Long.parseLong(counter), r.index());
            }
        });
        scan(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lockId.toString(), null, from.minus(LONGEST_CREDENTIAL),
                until.plus(PLACEMENT_SLACK), -1, SCAN_PAGE), r -> {
            String credential = r.event().attributes().get("credential");
            if (credential != null) {
                credentialEntries.putIfAbsent(credential, r.index());
            }
        });

        Base64.Encoder base64 = Base64.getEncoder();
        List<Receipt> receiptViews = new ArrayList<>(page.size());
        Map<String, Credential> credentialViews = new LinkedHashMap<>();
        for (LockReceipts.Signed s : page) {
            receiptViews.add(new Receipt(s.counter(), s.receivedAt(), base64.encodeToString(s.receipt()),
                    receiptEntries.get(s.counter())));
        }
        for (LockReceipts.Signed s : page) {
            if (s.credentialId().length > 0 && !credentialViews.containsKey(hex(s.credentialId()))) {
                credentials.find(s.credentialId())
                        .ifPresent(c -> credentialViews.put(hex(c.credentialId()), view(c, credentialEntries)));
            }
        }
        credentials.ofLock(lockId, from, until, limit).forEach(c -> credentialViews.putIfAbsent(hex(c.credentialId()),
                view(c, credentialEntries)));
        Long next = page.size() == limit ? page.get(page.size() - 1).counter() : null;
        return new LockEvidence(lockId, base64.encodeToString(key), registration[0], from, until, receiptViews,
                List.copyOf(credentialViews.values()), next);
    }

    /** The most locks {@link #locks} lists. */
    public static final int MAX_LOCKS = 10_000;

    /**
     * The locks with evidence in a period: a receipt that arrived, or a credential issued for them, in
     * [{@code from}, {@code until}); by id, at most {@value #MAX_LOCKS}. What to check for "every opening in a period".
     */
    @ExpensiveRead
    @Transactional
    public List<UUID> locks(Actor auditor, Instant from, Instant until) {
        requireAuditor(auditor, "evidence");
        OrdinaryDates.require("from", from);
        OrdinaryDates.require("until", until);
        if (!until.isAfter(from)) {
            throw new InvalidInputException("until", "must be after from");
        }
        log.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("audit_log", "evidence")
                .attribute("evidence", "locks").attribute("from", from).attribute("until", until).build());
        java.util.TreeSet<UUID> locks = new java.util.TreeSet<>(receipts.locksWithReceipts(from, until, MAX_LOCKS));
        locks.addAll(credentials.locksIssuedFor(from, until, MAX_LOCKS));
        return locks.stream().limit(MAX_LOCKS).toList();
    }

    /** One credential exactly as signed (COSE_Sign1 bytes). */
    @Transactional
    public byte[] credential(Actor auditor, String credentialIdHex) {
        requireAuditor(auditor, "evidence");
        byte[] id = parseId(credentialIdHex);
        log.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("credential", credentialIdHex.toLowerCase())
                .attribute("evidence", "credential").build());
        return credentials.find(id).map(CredentialArchive.Kept::credential)
                .orElseThrow(() -> new NotFoundException("credential", credentialIdHex));
    }

    /** One receipt exactly as the lock signed it (COSE_Sign1 bytes). */
    @Transactional
    public byte[] receipt(Actor auditor, UUID lockId, long counter) {
        requireAuditor(auditor, "evidence");
        log.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("lock", lockId)
                .attribute("evidence", "receipt").attribute("counter", counter).build());
        return receipts.signed(lockId, counter).map(LockReceipts.Signed::receipt)
                .orElseThrow(() -> new NotFoundException("receipt", lockId + "/" + counter));
    }

    private void scan(AuditTrail.Query first, Consumer<AuditRecord> each) {
        AuditTrail.Query query = first;
        for (int scanned = 0; scanned < MAX_SCANNED; scanned += SCAN_PAGE) {
            List<AuditRecord> found = trail.find(query);
            found.forEach(each);
            if (found.size() < query.limit()) {
                return;
            }
            query = new AuditTrail.Query(query.type(), query.subjectKind(), query.subjectId(), query.actor(), query.resident(),
                    query.outcome(), query.from(), query.until(), found.get(found.size() - 1).index(), query.limit());
        }
    }

    private static Credential view(CredentialArchive.Kept c, Map<String, Long> entries) {
        String id = hex(c.credentialId());
        return new Credential(id, c.keyId(), c.issuedAt(), Base64.getEncoder().encodeToString(c.credential()), entries.get(id));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] parseId(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{32}")) {
            throw new InvalidInputException("credentialId", "must be 32 hexadecimal digits (16 bytes)");
        }
        return HexFormat.of().parseHex(hex);
    }

    private void requireAuditor(Actor actor, String what) {
        if (actor.role() != Role.AUDITOR && actor.role() != Role.ADMIN) {
            guard.refuse(actor, "audit_log", what, "READ", "ROLE_" + actor.role().name());
        }
    }
}
