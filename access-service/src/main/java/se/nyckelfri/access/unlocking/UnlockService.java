package se.nyckelfri.access.unlocking;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.grant.policy.Decision;
import se.nyckelfri.access.grant.policy.PolicyDecisions;
import se.nyckelfri.access.premises.LockDevices;
import se.nyckelfri.access.unlocking.UnlockOutcome.Denied;
import se.nyckelfri.access.unlocking.UnlockOutcome.LockAnswered;
import se.nyckelfri.access.unlocking.UnlockOutcome.NoGateway;
import se.nyckelfri.access.unlocking.UnlockOutcome.OutcomeUnknown;
import se.nyckelfri.access.unlocking.UnlockOutcome.ProtocolError;
import se.nyckelfri.access.unlocking.UnlockOutcome.RateLimited;
import se.nyckelfri.access.unlocking.UnlockOutcome.ReceiptInvalid;
import se.nyckelfri.access.unlocking.UnlockOutcome.Unreachable;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * One unlock, start to finish. The outcome is only ever what the lock signed (OPENED, DENIED by the lock, or FAILED:
 * jammed, flat), or a clear "outcome unknown" when the receipt did not come back — never a guess. The same
 * idempotency key always gets the first outcome and never a second credential. Returns {@link UnlockOutcome}s; the
 * staff API maps them to HTTP. Thread-safe.
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
    private final UnlockRecords records;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UnlockService(PolicyDecisions decisions, GatewayFleetLink fleet, CredentialIssuer issuer, ReceiptLedger ledger,
                  AuditLog audit, DenialLimiter limiter, LockDevices locks, EmergencyOpenings emergencies,
                  UnlockRecords records, ApplicationEventPublisher events, Clock clock) {
        this.decisions = decisions;
        this.fleet = fleet;
        this.issuer = issuer;
        this.ledger = ledger;
        this.audit = audit;
        this.limiter = limiter;
        this.locks = locks;
        this.emergencies = emergencies;
        this.records = records;
        this.events = events;
        this.clock = clock;
    }

    /** Opens the door of {@code lockId} for a staff member whose grant allows it now. */
    public UnlockOutcome unlock(Actor actor, UUID lockId, String idempotencyKey) {
        UnlockOutcome earlier = records.claim(idempotencyKey, actor.staffMemberId(), lockId);
        if (earlier != null) {
            return earlier;
        }
        return records.finish(idempotencyKey, attempt(actor, lockId));
    }

    /**
     * Opens the door of {@code lockId} in an emergency (break-glass): allowed to staff whose grant to a resident behind
     * the door is in force, at any hour ({@link PolicyDecisions#decideEmergency}). The emergency, with its cause, is
     * recorded durably before anything is asked of the lock, and every one is listed for the auditors' review.
     *
     * @throws se.nyckelfri.access.system.InvalidInputException when {@code alarmReference} is not an alarm centre's
     *         event number ({@link AlarmReference})
     */
    public UnlockOutcome emergencyUnlock(Actor actor, UUID lockId, String idempotencyKey, EmergencyCause cause,
                                         String alarmReference) {
        String reference = AlarmReference.check(alarmReference);
        UnlockOutcome earlier = records.claim(idempotencyKey, actor.staffMemberId(), lockId);
        if (earlier != null) {
            return earlier;
        }
        return records.finish(idempotencyKey, emergencyAttempt(actor, lockId, cause, reference));
    }

    /**
     * Locks again. Any staff member whose grant to a resident behind the door is in force may, at any hour: locking
     * never lets anyone in, and whoever opened in an emergency must be able to lock up on leaving.
     */
    public UnlockOutcome relock(Actor actor, UUID lockId) {
        return ifAllowed(actor, lockId, true, "RELOCK", decision -> sendRelock(lockId));
    }

    private UnlockOutcome sendRelock(UUID lockId) {
        UUID gateway = locks.findGatewayIdById(lockId).orElse(null);
        if (gateway == null) {
            return new NoGateway();
        }
        try {
            Message answer = fleet.exchange(gateway, lockId, new Message.Relock(null), UNLOCK_TIMEOUT);
            if (!(answer instanceof Message.Result result)) {
                return new ProtocolError("The lock answered something other than a receipt.");
            }
            ReceiptLedger.Recorded recorded = ledger.record(lockId, result.receipt(), "relock");
            return new LockAnswered(lockId, recorded.claims().outcome().name(), nonZero(recorded.claims().reason()),
                    recorded.claims().counter(), null, -1, recorded.auditIndex());
        } catch (FleetLinkException e) {
            return new Unreachable(e.failure(), false);
        } catch (Receipts.ReceiptException e) {
            return new ReceiptInvalid();
        }
    }

    private UnlockOutcome attempt(Actor actor, UUID lockId) {
        return ifAllowed(actor, lockId, false, "UNLOCK",
                decision -> open(actor, lockId, decision.grantId(), CREDENTIAL_LIFETIME, null));
    }

    private UnlockOutcome emergencyAttempt(Actor actor, UUID lockId, EmergencyCause cause, String alarmReference) {
        return ifAllowed(actor, lockId, true, "EMERGENCY_UNLOCK", decision -> {
            long emergency = emergencies.record(actor.pseudonym(), lockId, decision.grantId(), cause.name(), alarmReference);
            return open(actor, lockId, decision.grantId(), EMERGENCY_CREDENTIAL_LIFETIME, emergency);
        });
    }

    /**
     * The one gate before every {@code action} on a lock: a staff member refused too often lately is refused for now;
     * otherwise the policy decides (its emergency rule when {@code emergency}), a denial is counted and recorded, and
     * only an allowed decision goes on to {@code then}.
     */
    private UnlockOutcome ifAllowed(Actor actor, UUID lockId, boolean emergency, String action,
                                    Function<Decision, UnlockOutcome> then) {
        UnlockOutcome refused = refusedForNow(actor, lockId);
        if (refused != null) {
            return refused;
        }
        Decision decision = emergency
                ? decisions.decideEmergency(actor.staffMemberId(), lockId, clock.instant())
                : decisions.decide(actor.staffMemberId(), lockId, clock.instant());
        if (!decision.allowed()) {
            return deny(actor, lockId, decision, action);
        }
        return then.apply(decision);
    }

    /** The outcome for a staff member refused too often lately (recorded), or {@code null} when they may try. */
    private UnlockOutcome refusedForNow(Actor actor, UUID lockId) {
        Duration wait = limiter.blockedFor(actor.staffMemberId());
        if (wait.isZero()) {
            return null;
        }
        return rateLimited(actor, lockId, wait);
    }

    private RateLimited rateLimited(Actor actor, UUID lockId, Duration wait) {
        audit.appendDurably(AuditEvent.of("UNLOCK_RATE_LIMITED", actor.pseudonym()).subject("lock", lockId)
                .outcome("REFUSED", "TOO_MANY_DENIALS").build());
        return RateLimited.after(wait);
    }

    /**
     * Asks the lock for a challenge, issues a credential under {@code grantId} for it (for the emergency recorded at
     * {@code emergencyIndex}, if any), sends it and reads the receipt.
     */
    private UnlockOutcome open(Actor actor, UUID lockId, UUID grantId, Duration lifetime, Long emergencyIndex) {
        UUID gateway = locks.findGatewayIdById(lockId).orElse(null);
        if (gateway == null) {
            return new NoGateway();
        }
        Message.Challenge challenge;
        try {
            Message answer = fleet.exchange(gateway, lockId, new Message.Hello(), CHALLENGE_TIMEOUT);
            if (!(answer instanceof Message.Challenge c) || !c.lockId().equals(lockId)) {
                return new ProtocolError("The lock did not answer with its own challenge.");
            }
            challenge = c;
        } catch (FleetLinkException e) {
            return new Unreachable(e.failure(), true);
        }
        if (Duration.between(clock.instant(), challenge.lockClock()).abs().compareTo(LockClockDrifted.BEYOND) > 0) {
            events.publishEvent(new LockClockDrifted(gateway, lockId, challenge.lockClock()));
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
                return new OutcomeUnknown(lockId, credentialId, "the lock answered something other than a receipt");
            }
            ReceiptLedger.Recorded recorded = ledger.record(lockId, result.receipt(), "unlock");
            ReceiptClaims claims = recorded.claims();
            if (!HexFormat.of().formatHex(claims.credentialId()).equals(credentialId)) {
                return new OutcomeUnknown(lockId, credentialId, "the receipt is about another credential");
            }
            return new LockAnswered(lockId, claims.outcome().name(), nonZero(claims.reason()), claims.counter(),
                    credentialId, issued.auditIndex(), recorded.auditIndex());
        } catch (FleetLinkException e) {
            return new OutcomeUnknown(lockId, credentialId, "no receipt came back (" + e.failure() + ")");
        } catch (Receipts.ReceiptException e) {
            return new OutcomeUnknown(lockId, credentialId, "the receipt did not verify with the lock's registered key");
        }
    }

    /**
     * A refusal by policy, counted against the staff member's denial limit; one that would pass the limit (attempts
     * racing each other) is answered and recorded as rate-limited instead.
     */
    private UnlockOutcome deny(Actor actor, UUID lockId, Decision decision, String action) {
        if (!limiter.tryCount(actor.staffMemberId())) {
            Duration wait = limiter.blockedFor(actor.staffMemberId());
            return rateLimited(actor, lockId, wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
        long index = audit.appendDurably(AuditEvent.of(action + "_DENIED", actor.pseudonym()).subject("lock", lockId)
                .outcome("DENIED", decision.reason().name()).build());
        return new Denied(decision.reason(), index);
    }

    private static Integer nonZero(int reason) {
        return reason == 0 ? null : reason;
    }
}
