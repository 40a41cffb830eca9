package se.nyckelfri.mobile.unlock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.fleet.FleetLinkException;
import se.nyckelfri.access.fleet.GatewayFleetLink;
import se.nyckelfri.access.fleet.ReceiptLedger;
import se.nyckelfri.access.policy.Decision;
import se.nyckelfri.access.policy.PolicyDecisions;
import se.nyckelfri.access.premises.LockDevices;
import se.nyckelfri.access.system.ProblemResponses;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * One unlock, start to finish. The answer is only ever what the lock signed: OPENED, DENIED (by the lock) or FAILED
 * (jammed, flat), or a clear "outcome unknown" when the receipt did not come back — never a guess. The same
 * idempotency key always gets the first answer and never a second credential. Thread-safe.
 */
@Service
public class UnlockService {

    static final Duration CHALLENGE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration UNLOCK_TIMEOUT = Duration.ofSeconds(8);
    static final Duration CREDENTIAL_LIFETIME = Duration.ofMinutes(2);
    /** An emergency credential is shorter-lived still: it is for this moment at this door only. */
    static final Duration EMERGENCY_CREDENTIAL_LIFETIME = Duration.ofMinutes(1);

    private final PolicyDecisions decisions;
    private final GatewayFleetLink fleet;
    private final CredentialIssuer issuer;
    private final ReceiptLedger ledger;
    private final AuditLog audit;
    private final DenialLimiter limiter;
    private final LockDevices locks;
    private final EmergencyOpenings emergencies;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    UnlockService(PolicyDecisions decisions, GatewayFleetLink fleet, CredentialIssuer issuer, ReceiptLedger ledger,
                  AuditLog audit, DenialLimiter limiter, LockDevices locks, EmergencyOpenings emergencies, JdbcTemplate jdbc,
                  ObjectMapper json, Clock clock) {
        this.decisions = decisions;
        this.fleet = fleet;
        this.issuer = issuer;
        this.ledger = ledger;
        this.audit = audit;
        this.limiter = limiter;
        this.locks = locks;
        this.emergencies = emergencies;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The HTTP answer: a status and either an {@link UnlockResult} or a {@link ProblemDetail}. */
    public record Answer(int status, Object body) { }

    /** What the lock did, as it signed it. */
    public record UnlockResult(UUID lockId, String outcome, Integer lockReason, long receiptCounter, String credentialId,
                               long issuanceAuditIndex, long receiptAuditIndex) { }

    public Answer unlock(Actor actor, UUID lockId, String idempotencyKey) {
        Answer earlier = claim(actor, lockId, idempotencyKey);
        if (earlier != null) {
            return earlier;
        }
        return finish(idempotencyKey, attempt(actor, lockId));
    }

    /**
     * Opens the door of {@code lockId} in an emergency (break-glass): allowed to staff whose grant to a resident behind
     * the door is in force, at any hour ({@link PolicyDecisions#decideEmergency}). The emergency, with its cause, is
     * recorded durably before anything is asked of the lock, and every one is listed for the auditors' review.
     */
    public Answer emergencyUnlock(Actor actor, UUID lockId, String idempotencyKey, EmergencyCause cause, String alarmReference) {
        Answer earlier = claim(actor, lockId, idempotencyKey);
        if (earlier != null) {
            return earlier;
        }
        return finish(idempotencyKey, emergencyAttempt(actor, lockId, cause, alarmReference));
    }

    /**
     * Locks again. Any staff member whose grant to a resident behind the door is in force may, at any hour: locking
     * never lets anyone in, and whoever opened in an emergency must be able to lock up on leaving.
     */
    public Answer relock(Actor actor, UUID lockId) {
        Answer refused = refusedForNow(actor, lockId);
        if (refused != null) {
            return refused;
        }
        Decision decision = decisions.decideEmergency(actor.staffMemberId(), lockId, clock.instant());
        if (!decision.allowed()) {
            return deny(actor, lockId, decision, "RELOCK");
        }
        try {
            UUID gateway = gatewayOf(lockId);
            Message answer = fleet.exchange(gateway, lockId, new Message.Relock(null), UNLOCK_TIMEOUT);
            if (!(answer instanceof Message.Result result)) {
                return problem(HttpStatus.BAD_GATEWAY, "lock-protocol", "The lock answered something other than a receipt.", null);
            }
            ReceiptLedger.Recorded recorded = ledger.record(lockId, result.receipt(), "relock");
            return new Answer(200, new UnlockResult(lockId, recorded.claims().outcome().name(), nonZero(recorded.claims().reason()),
                    recorded.claims().counter(), null, -1, recorded.auditIndex()));
        } catch (NoGatewayException e) {
            return problem(HttpStatus.CONFLICT, "no-gateway", "This lock has no gateway to reach it through.", "NO_GATEWAY");
        } catch (FleetLinkException e) {
            return problem(HttpStatus.GATEWAY_TIMEOUT, "lock-unreachable", "The lock could not be reached: " + e.failure(), e.failure().name());
        } catch (Receipts.ReceiptException e) {
            return problem(HttpStatus.BAD_GATEWAY, "receipt-invalid", "The receipt did not verify with the lock's registered key.", null);
        }
    }

    private Answer attempt(Actor actor, UUID lockId) {
        Answer refused = refusedForNow(actor, lockId);
        if (refused != null) {
            return refused;
        }
        UUID staff = actor.staffMemberId();
        Decision decision = decisions.decide(staff, lockId, clock.instant());
        if (!decision.allowed()) {
            return deny(actor, lockId, decision, "UNLOCK");
        }
        return open(actor, lockId, decision.grantId(), CREDENTIAL_LIFETIME, null);
    }

    private Answer emergencyAttempt(Actor actor, UUID lockId, EmergencyCause cause, String alarmReference) {
        Answer refused = refusedForNow(actor, lockId);
        if (refused != null) {
            return refused;
        }
        Decision decision = decisions.decideEmergency(actor.staffMemberId(), lockId, clock.instant());
        if (!decision.allowed()) {
            return deny(actor, lockId, decision, "EMERGENCY_UNLOCK");
        }
        long emergency = emergencies.record(actor.pseudonym(), lockId, decision.grantId(), cause.name(), alarmReference);
        return open(actor, lockId, decision.grantId(), EMERGENCY_CREDENTIAL_LIFETIME, emergency);
    }

    /** The answer for a staff member refused too often lately (recorded), or {@code null} when they may try. */
    private Answer refusedForNow(Actor actor, UUID lockId) {
        Duration wait = limiter.blockedFor(actor.staffMemberId());
        if (wait.isZero()) {
            return null;
        }
        return rateLimited(actor, lockId, wait);
    }

    private Answer rateLimited(Actor actor, UUID lockId, Duration wait) {
        record(AuditEvent.of("UNLOCK_RATE_LIMITED", actor.pseudonym()).subject("lock", lockId).outcome("REFUSED", "TOO_MANY_DENIALS").build());
        ProblemDetail p = ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-denials",
                "Too many refused attempts; try again in " + Math.max(1, wait.toSeconds()) + " seconds.");
        p.setProperty("code", "TOO_MANY_DENIALS");
        p.setProperty("retryAfterSeconds", Math.max(1, wait.toSeconds()));
        return new Answer(429, p);
    }

    /**
     * Asks the lock for a challenge, issues a credential under {@code grantId} for it (for the emergency recorded at
     * {@code emergencyIndex}, if any), sends it and reads the receipt.
     */
    private Answer open(Actor actor, UUID lockId, UUID grantId, Duration lifetime, Long emergencyIndex) {
        UUID gateway;
        try {
            gateway = gatewayOf(lockId);
        } catch (NoGatewayException e) {
            return problem(HttpStatus.CONFLICT, "no-gateway", "This lock has no gateway to reach it through.", "NO_GATEWAY");
        }
        Message.Challenge challenge;
        try {
            Message answer = fleet.exchange(gateway, lockId, new Message.Hello(), CHALLENGE_TIMEOUT);
            if (!(answer instanceof Message.Challenge c) || !c.lockId().equals(lockId)) {
                return problem(HttpStatus.BAD_GATEWAY, "lock-protocol", "The lock did not answer with its own challenge.", null);
            }
            challenge = c;
        } catch (FleetLinkException e) {
            return problem(HttpStatus.GATEWAY_TIMEOUT, "lock-unreachable",
                    "The lock could not be reached (" + e.failure() + "); nothing was sent to it.", e.failure().name());
        }
        CredentialIssuer.Issued issued = issuer.issue(new CredentialIssuer.Request(lockId, actor.pseudonym(),
                grantId, challenge.nonce(), lifetime, actor.pseudonym(), emergencyIndex));
        if (emergencyIndex != null) {
            emergencies.credentialIssued(emergencyIndex, issued.claims().credentialId());
        }
        String credentialId = HexFormat.of().formatHex(issued.claims().credentialId());
        try {
            Message answer = fleet.exchange(gateway, lockId, new Message.Unlock(issued.credential()), UNLOCK_TIMEOUT);
            if (!(answer instanceof Message.Result result)) {
                return unknown(lockId, credentialId, "the lock answered something other than a receipt");
            }
            ReceiptLedger.Recorded recorded = ledger.record(lockId, result.receipt(), "unlock");
            ReceiptClaims claims = recorded.claims();
            if (!HexFormat.of().formatHex(claims.credentialId()).equals(credentialId)) {
                return unknown(lockId, credentialId, "the receipt is about another credential");
            }
            return new Answer(200, new UnlockResult(lockId, claims.outcome().name(), nonZero(claims.reason()), claims.counter(),
                    credentialId, issued.auditIndex(), recorded.auditIndex()));
        } catch (FleetLinkException e) {
            return unknown(lockId, credentialId, "no receipt came back (" + e.failure() + ")");
        } catch (Receipts.ReceiptException e) {
            return unknown(lockId, credentialId, "the receipt did not verify with the lock's registered key");
        }
    }

    /**
     * A refusal by policy, counted against the staff member's denial limit; one that would pass the limit (attempts
     * racing each other) is answered and recorded as rate-limited instead.
     */
    private Answer deny(Actor actor, UUID lockId, Decision decision, String action) {
        if (!limiter.tryCount(actor.staffMemberId())) {
            Duration wait = limiter.blockedFor(actor.staffMemberId());
            return rateLimited(actor, lockId, wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
        long index = record(AuditEvent.of(action + "_DENIED", actor.pseudonym()).subject("lock", lockId)
                .outcome("DENIED", decision.reason().name()).build());
        ProblemDetail p = ProblemResponses.problem(HttpStatus.FORBIDDEN, "access-denied",
                "You may not open this door now: " + decision.reason() + ".");
        p.setProperty("code", decision.reason().name());
        p.setProperty("auditIndex", index);
        return new Answer(403, p);
    }

    private Answer unknown(UUID lockId, String credentialId, String why) {
        ProblemDetail p = ProblemResponses.problem(HttpStatus.GATEWAY_TIMEOUT, "outcome-unknown",
                "The credential was sent but " + why + ". The door may or may not have opened; the lock's signed receipt "
                        + "will reach the audit log when its gateway delivers it. Retrying with the same key returns this answer.");
        p.setProperty("code", "OUTCOME_UNKNOWN");
        p.setProperty("lockId", lockId);
        p.setProperty("credentialId", credentialId);
        return new Answer(504, p);
    }

    private static Answer problem(HttpStatus status, String type, String detail, String code) {
        ProblemDetail p = ProblemResponses.problem(status, type, detail);
        if (code != null) {
            p.setProperty("code", code);
        }
        return new Answer(status.value(), p);
    }

    private long record(AuditEvent event) {
        return audit.appendDurably(event);
    }

    private UUID gatewayOf(UUID lockId) throws NoGatewayException {
        return locks.findGatewayIdById(lockId).orElseThrow(NoGatewayException::new);
    }

    /** Claims the key for this request, or returns the answer an earlier request with it got (or is getting). */
    private Answer claim(Actor actor, UUID lockId, String key) {
        int inserted = jdbc.update("""
                INSERT INTO unlock_request (idempotency_key, staff_member_id, lock_id, state, created_at)
                VALUES (?, ?, ?, 'IN_PROGRESS', ?) ON CONFLICT (idempotency_key) DO NOTHING""",
                key, actor.staffMemberId(), lockId, Timestamp.from(clock.instant()));
        if (inserted == 1) {
            return null;
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT staff_member_id, lock_id, state, http_status, response FROM unlock_request "
                + "WHERE idempotency_key = ?", key);
        if (!actor.staffMemberId().equals(row.get("staff_member_id")) || !lockId.equals(row.get("lock_id"))) {
            return problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "This Idempotency-Key was used for another request; use a new key for a new attempt.", "IDEMPOTENCY_KEY_REUSED");
        }
        if ("IN_PROGRESS".equals(row.get("state"))) {
            return problem(HttpStatus.CONFLICT, "unlock-in-progress", "This unlock is still in progress.", "IN_PROGRESS");
        }
        try {
            int status = ((Number) row.get("http_status")).intValue();
            Class<?> type = status >= 400 ? ProblemDetail.class : UnlockResult.class;
            return new Answer(status, json.readValue((String) row.get("response"), type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored unlock answer unreadable", e);
        }
    }

    private Answer finish(String key, Answer answer) {
        try {
            jdbc.update("UPDATE unlock_request SET state = 'DONE', http_status = ?, response = ? WHERE idempotency_key = ?",
                    answer.status(), json.writeValueAsString(answer.body()), key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return answer;
    }

    private static Integer nonZero(int reason) {
        return reason == 0 ? null : reason;
    }

    private static final class NoGatewayException extends Exception {
    }

}
