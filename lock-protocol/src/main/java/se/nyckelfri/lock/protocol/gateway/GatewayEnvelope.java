package se.nyckelfri.lock.protocol.gateway;

import java.util.Optional;
import java.util.UUID;
import se.nyckelfri.lock.protocol.cbor.CborMap;
import se.nyckelfri.lock.protocol.cbor.WireCodes;
import se.nyckelfri.lock.protocol.frame.Frame;

/**
 * What travels over MQTT: a command (for which lock, which frame, how long the gateway may wait) and its reply
 * (how it went, and the lock's answer frame when there is one). CBOR maps; decoding never throws.
 */
public final class GatewayEnvelope {

    /** How a command went at the gateway. */
    public enum Status {
        OK(0), UNREACHABLE(1), DROPPED(2), TIMEOUT(3), PROTOCOL(4), UNKNOWN_LOCK(5);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        static Status of(long code) {
            return WireCodes.find(values(), s -> s.code, code).orElseThrow(() -> new IllegalArgumentException("status " + code));
        }
    }

    /** The largest frame an envelope carries: a whole revocation or trust-anchor update. */
    private static final int MAX_FRAME = Frame.HEADER + Frame.MAX_UPDATE_PAYLOAD;

    private GatewayEnvelope() {
    }

    /**
     * Run {@code frame} against lock {@code lockId}; answer within {@code timeoutMillis}. With {@code lockId}
     * {@code null} (key 2 absent), run it against every lock the gateway serves, at once, and answer with one
     * {@link Reply} per lock, each as soon as its lock has answered: an update reaches all the locks of a home with one
     * message instead of one per lock.
     */
    public record Command(UUID commandId, UUID lockId, byte[] frame, int timeoutMillis) {

        /** The same frame to every lock of the gateway. */
        public static Command toEveryLock(UUID commandId, byte[] frame, int timeoutMillis) {
            return new Command(commandId, null, frame, timeoutMillis);
        }

        public boolean everyLock() {
            return lockId == null;
        }

        public byte[] encode() {
            CborMap.Builder m = CborMap.builder().put(1, commandId);
            if (lockId != null) {
                m.put(2, lockId);
            }
            return m.put(3, frame).put(4, timeoutMillis).encode();
        }

        public static Optional<Command> decode(byte[] bytes) {
            try {
                CborMap m = CborMap.decode(bytes);
                return Optional.of(new Command(m.uuid(1), m.has(2) ? m.uuid(2) : null, m.optionalBytes(3, MAX_FRAME)
                        .orElseThrow(() -> new CborMap.MalformedException("no frame")), (int) m.unsigned(4, 60_000)));
            } catch (CborMap.MalformedException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** A receipt from a lock's journal, sent until the broker acknowledges it; the backend keeps each once. */
    public record Event(UUID lockId, long counter, byte[] receipt) {
        public byte[] encode() {
            return CborMap.builder().put(1, lockId).put(2, counter).put(3, receipt).encode();
        }

        public static Optional<Event> decode(byte[] bytes) {
            try {
                CborMap m = CborMap.decode(bytes);
                return Optional.of(new Event(m.uuid(1), m.unsigned(2, Long.MAX_VALUE), m.optionalBytes(3, 512)
                        .orElseThrow(() -> new CborMap.MalformedException("no receipt"))));
            } catch (CborMap.MalformedException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** The outcome of a command; {@code frame} is the lock's answer, empty unless {@code status} is OK. */
    public record Reply(UUID commandId, UUID lockId, Status status, byte[] frame) {
        public byte[] encode() {
            return CborMap.builder().put(1, commandId).put(2, lockId).put(3, status.code).put(4, frame).encode();
        }

        public static Optional<Reply> decode(byte[] bytes) {
            try {
                CborMap m = CborMap.decode(bytes);
                return Optional.of(new Reply(m.uuid(1), m.uuid(2), Status.of(m.unsigned(3, 100)),
                        m.optionalBytes(4, MAX_FRAME).orElse(new byte[0])));
            } catch (CborMap.MalformedException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
