package se.nyckelfri.lock.protocol.frame;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import se.nyckelfri.lock.protocol.cbor.WireCodes;

/**
 * The messages between backend (through the gateway) and lock. Requests flow to the lock, answers back, paired by
 * the frame's correlation number. Byte arrays are defensive copies where they leave a message.
 */
public sealed interface Message {

    /** Ask the lock for a fresh single-use challenge. */
    record Hello() implements Message { }

    /** The lock's challenge: a nonce it will accept exactly once, with its clock and event counter. */
    record Challenge(UUID lockId, byte[] nonce, Instant lockClock, long counter) implements Message { }

    /** Open, with this credential (which must answer the outstanding challenge). */
    record Unlock(byte[] credential) implements Message { }

    /**
     * Open at the door with an offline credential: the device-bound credential, the challenge it answers and the
     * device key's proof of possession over lock id, challenge and credential hash.
     */
    record OfflineUnlock(byte[] credential, byte[] nonce, byte[] proof) implements Message { }

    /** Lock again; a credential is optional (anyone may lock a door), the lock signs a receipt either way. */
    record Relock(byte[] credential) implements Message { }

    /** The lock's signed receipt for an unlock or relock. */
    record Result(byte[] receipt) implements Message { }

    /** Receipts with a counter above {@code sinceCounter}, oldest first. */
    record ReadEvents(long sinceCounter) implements Message { }

    /** A batch of receipts; {@code more} when the lock holds further ones. */
    record Events(List<byte[]> receipts, boolean more) implements Message { }

    record StatusRequest() implements Message { }

    /**
     * The lock's health, and the versions of the updates it holds (0: none), so a gateway or a phone knows whether it
     * has newer ones to hand over.
     */
    record Status(UUID lockId, int batteryPercent, String firmware, Instant lockClock, long counter, BoltState bolt,
                  long revocationVersion, long trustAnchorVersion) implements Message {
        public Status(UUID lockId, int batteryPercent, String firmware, Instant lockClock, long counter, BoltState bolt) {
            this(lockId, batteryPercent, firmware, lockClock, counter, bolt, 0, 0);
        }
    }

    /** The issuer keys to trust, signed by the lock's trust root ({@code LockUpdates.trustAnchors}). Answered with a receipt. */
    record TrustAnchorUpdate(byte[] update) implements Message { }

    /** The newest revocation list, signed by an issuer key ({@code LockUpdates.revocations}). Answered with a receipt. */
    record RevocationUpdate(byte[] update) implements Message { }

    /** The time, signed by an issuer key, answering the lock's challenge ({@code LockUpdates.time}). Answered with a receipt. */
    record TimeUpdate(byte[] update) implements Message { }

    /** A typed refusal of a request the lock could not even read. */
    record Error(FrameError error) implements Message { }

    /** The bolt as the lock senses it. */
    enum BoltState {
        LOCKED(1), UNLOCKED(2), JAMMED(3);

        private final int code;

        BoltState(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static BoltState of(long code) {
            return WireCodes.find(values(), BoltState::code, code)
                    .orElseThrow(() -> new IllegalArgumentException("bolt state " + code));
        }
    }
}
