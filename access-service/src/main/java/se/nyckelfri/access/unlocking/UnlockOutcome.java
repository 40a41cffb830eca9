package se.nyckelfri.access.unlocking;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.UUID;
import se.nyckelfri.access.grant.policy.DenyReason;
import se.nyckelfri.access.unlocking.FleetLinkException.Failure;

/**
 * How an attempt to open (or lock) a door ended, as {@link UnlockService} decides it: a domain outcome, never an HTTP
 * answer; the staff API maps each case to its status and problem type. Only {@link LockAnswered} carries what the lock
 * itself signed; every other case says why nothing, or nothing known, happened at the door. Stored as JSON with the
 * idempotency record ({@link UnlockRecords}), so a retry with the same key gets exactly the first outcome.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = UnlockOutcome.LockAnswered.class, name = "LOCK_ANSWERED"),
        @JsonSubTypes.Type(value = UnlockOutcome.Denied.class, name = "DENIED"),
        @JsonSubTypes.Type(value = UnlockOutcome.RateLimited.class, name = "RATE_LIMITED"),
        @JsonSubTypes.Type(value = UnlockOutcome.NoGateway.class, name = "NO_GATEWAY"),
        @JsonSubTypes.Type(value = UnlockOutcome.Unreachable.class, name = "UNREACHABLE"),
        @JsonSubTypes.Type(value = UnlockOutcome.ProtocolError.class, name = "PROTOCOL_ERROR"),
        @JsonSubTypes.Type(value = UnlockOutcome.ReceiptInvalid.class, name = "RECEIPT_INVALID"),
        @JsonSubTypes.Type(value = UnlockOutcome.OutcomeUnknown.class, name = "OUTCOME_UNKNOWN"),
        @JsonSubTypes.Type(value = UnlockOutcome.KeyReused.class, name = "KEY_REUSED"),
        @JsonSubTypes.Type(value = UnlockOutcome.InProgress.class, name = "IN_PROGRESS")})
public sealed interface UnlockOutcome {

    /**
     * The lock verified the command and signed its verdict: {@code outcome} OPENED, DENIED or FAILED (with the lock's
     * {@code lockReason}), in its receipt number {@code receiptCounter}. {@code credentialId} and
     * {@code issuanceAuditIndex} are absent ({@code null}, -1) for a relock, which needs no credential.
     */
    record LockAnswered(UUID lockId, String outcome, Integer lockReason, long receiptCounter, String credentialId,
                        long issuanceAuditIndex, long receiptAuditIndex) implements UnlockOutcome { }

    /** The policy refused (nothing was sent to the lock); recorded at {@code auditIndex}. */
    record Denied(DenyReason reason, long auditIndex) implements UnlockOutcome { }

    /** Refused, and recorded, because the staff member was refused too often lately; may try again after the wait. */
    record RateLimited(long retryAfterSeconds) implements UnlockOutcome {
        static RateLimited after(Duration wait) {
            return new RateLimited(Math.max(1, wait.toSeconds()));
        }
    }

    /** The lock has no gateway to reach it through. */
    record NoGateway() implements UnlockOutcome { }

    /**
     * The lock could not be reached through its gateway: before any credential was issued ({@code beforeCredential},
     * an unlock: nothing was sent to it), or a relock command that got no answer.
     */
    record Unreachable(Failure failure, boolean beforeCredential) implements UnlockOutcome { }

    /** The lock answered something other than what the protocol expects at this step. */
    record ProtocolError(String detail) implements UnlockOutcome { }

    /** A relock's receipt did not verify with the lock's registered key. */
    record ReceiptInvalid() implements UnlockOutcome { }

    /**
     * The credential was sent but no trustworthy receipt came back ({@code why}): the door may or may not have opened;
     * the lock's signed receipt will reach the log when its gateway delivers it.
     */
    record OutcomeUnknown(UUID lockId, String credentialId, String why) implements UnlockOutcome { }

    /** The idempotency key was used before for another staff member or lock. */
    record KeyReused() implements UnlockOutcome { }

    /** An attempt with the same idempotency key is still under way. */
    record InProgress() implements UnlockOutcome { }
}
