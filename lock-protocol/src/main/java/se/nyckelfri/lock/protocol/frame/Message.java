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

    /** Lock again; a credential is optional (anyone may lock a door), the lock signs a receipt either way. */
    record Relock(byte[] credential) implements Message { }

    /** The lock's signed receipt for an unlock or relock. */
    record Result(byte[] receipt) implements Message { }

    /** Receipts with a counter above {@code sinceCounter}, oldest first. */
    record ReadEvents(long sinceCounter) implements Message { }

    /** A batch of receipts; {@code more} when the lock holds further ones. */
    record Events(List<byte[]> receipts, boolean more) implements Message { }

    record StatusRequest() implements Message { }

    /** The lock's health. */
    record Status(UUID lockId, int batteryPercent, String firmware, Instant lockClock, long counter, BoltState bolt)
            implements Message { }

    /** Reserved: new trusted issuer keys, signed by the current ones. Not supported yet: answered with an error. */
    record TrustAnchorUpdate(byte[] update) implements Message { }

    /** Reserved: credential ids to refuse before they expire. Not supported yet: answered with an error. */
    record RevocationUpdate(byte[] update) implements Message { }

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
