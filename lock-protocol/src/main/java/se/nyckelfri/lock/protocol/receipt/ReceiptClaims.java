package se.nyckelfri.lock.protocol.receipt;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import se.nyckelfri.lock.protocol.cbor.WireCodes;

/**
 * What a lock signs after every attempt: which lock, its monotonic event counter (1, 2, 3, ... never reused), the
 * SHA-256 of its previous receipt (32 zero bytes before the first), the credential it acted on (empty when none
 * could be read), what happened and why, the lock's own clock and its battery level.
 */
public record ReceiptClaims(UUID lockId, long counter, byte[] previousHash, byte[] credentialId, Outcome outcome,
                            int reason, Instant lockClock, int batteryPercent) {

    /** What the lock did. */
    public enum Outcome {
        OPENED(1), DENIED(2), RELOCKED(3), FAILED(4),
        /** An update (revocations, trust anchors, time) taken; the receipt's credential id is the update's id. */
        UPDATED(5),
        /** An update refused, with its {@code UpdateRejection} code as the reason. */
        UPDATE_REFUSED(6);

        private final int code;

        Outcome(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Outcome of(long code) {
            return WireCodes.find(values(), Outcome::code, code)
                    .orElseThrow(() -> new IllegalArgumentException("unknown outcome " + code));
        }
    }

    /** Reason code of an outcome that needs none. */
    public static final int NO_REASON = 0;

    public ReceiptClaims {
        Objects.requireNonNull(lockId);
        Objects.requireNonNull(outcome);
        if (counter < 1 || previousHash.length != 32 || credentialId.length > 16 || reason < 0
                || batteryPercent < 0 || batteryPercent > 100) {
            throw new IllegalArgumentException("receipt claims out of range");
        }
        previousHash = previousHash.clone();
        credentialId = credentialId.clone();
        lockClock = Instant.ofEpochSecond(lockClock.getEpochSecond());
    }

    @Override
    public byte[] previousHash() {
        return previousHash.clone();
    }

    @Override
    public byte[] credentialId() {
        return credentialId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceiptClaims r && r.lockId.equals(lockId) && r.counter == counter
                && Arrays.equals(r.previousHash, previousHash) && Arrays.equals(r.credentialId, credentialId)
                && r.outcome == outcome && r.reason == reason && r.lockClock.equals(lockClock)
                && r.batteryPercent == batteryPercent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lockId, counter, Arrays.hashCode(previousHash), outcome, reason, lockClock);
    }

    @Override
    public String toString() {
        return "Receipt[lock=" + lockId + " #" + counter + " " + outcome + " reason=" + reason + "]";
    }
}
