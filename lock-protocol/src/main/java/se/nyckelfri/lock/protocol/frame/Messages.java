package se.nyckelfri.lock.protocol.frame;

import java.time.Instant;
import se.nyckelfri.lock.protocol.cbor.CborMap;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
import se.nyckelfri.lock.protocol.credential.Credentials;
import se.nyckelfri.lock.protocol.update.LockUpdates;

/**
 * Messages to and from frames. Every payload is a deterministically encoded CBOR map with small integer keys.
 * Decoding never throws: unknown types, wrong shapes and out-of-range values become {@link FrameError}s.
 * Stateless and thread-safe.
 */
public final class Messages {

    public static final int HELLO = 0x01;
    public static final int CHALLENGE = 0x02;
    public static final int UNLOCK = 0x03;
    public static final int RESULT = 0x04;
    public static final int RELOCK = 0x05;
    public static final int READ_EVENTS = 0x06;
    public static final int EVENTS = 0x07;
    public static final int STATUS_REQUEST = 0x08;
    public static final int STATUS = 0x09;
    public static final int TRUST_ANCHOR_UPDATE = 0x0A;
    public static final int REVOCATION_UPDATE = 0x0B;
    public static final int TIME_UPDATE = 0x0C;
    public static final int OFFLINE_UNLOCK = 0x0D;
    public static final int ERROR = 0x7F;
    /** The largest receipt a lock may send. */
    public static final int MAX_RECEIPT = 512;
    private static final int MAX_EVENTS = 3;

    private Messages() {
    }

    /** A decoded message, or why there is none. */
    public sealed interface Decoded permits Ok, Refused { }

    public record Ok(int correlation, Message message) implements Decoded { }

    public record Refused(int correlation, FrameError error) implements Decoded { }

    public static Frame encode(int correlation, Message message) {
        CborMap.Builder map = CborMap.builder();
        int type;
        if (message instanceof Message.Hello) {
            type = HELLO;
        } else if (message instanceof Message.Challenge c) {
            map.put(1, c.lockId()).put(2, c.nonce()).put(3, c.lockClock().getEpochSecond()).put(4, c.counter());
            type = CHALLENGE;
        } else if (message instanceof Message.Unlock u) {
            map.put(1, u.credential());
            type = UNLOCK;
        } else if (message instanceof Message.OfflineUnlock u) {
            map.put(1, u.credential()).put(2, u.nonce()).put(3, u.proof());
            type = OFFLINE_UNLOCK;
        } else if (message instanceof Message.Relock r) {
            if (r.credential() != null) {
                map.put(1, r.credential());
            }
            type = RELOCK;
        } else if (message instanceof Message.Result r) {
            map.put(1, r.receipt());
            type = RESULT;
        } else if (message instanceof Message.ReadEvents r) {
            map.put(1, r.sinceCounter());
            type = READ_EVENTS;
        } else if (message instanceof Message.Events e) {
            map.put(1, e.receipts()).put(2, e.more() ? 1 : 0);
            type = EVENTS;
        } else if (message instanceof Message.StatusRequest) {
            type = STATUS_REQUEST;
        } else if (message instanceof Message.Status st) {
            map.put(1, st.lockId()).put(2, st.batteryPercent()).put(3, st.firmware())
                    .put(4, st.lockClock().getEpochSecond()).put(5, st.counter()).put(6, st.bolt().code())
                    .put(7, st.revocationVersion()).put(8, st.trustAnchorVersion());
            type = STATUS;
        } else if (message instanceof Message.TrustAnchorUpdate t) {
            map.put(1, t.update());
            type = TRUST_ANCHOR_UPDATE;
        } else if (message instanceof Message.RevocationUpdate r) {
            map.put(1, r.update());
            type = REVOCATION_UPDATE;
        } else if (message instanceof Message.TimeUpdate t) {
            map.put(1, t.update());
            type = TIME_UPDATE;
        } else if (message instanceof Message.Error e) {
            map.put(1, e.error().code());
            type = ERROR;
        } else {
            throw new IllegalArgumentException("unknown message " + message);
        }
        return new Frame(Frame.VERSION, type, correlation, map.encode());
    }

    public static Decoded decode(Frame frame) {
        int correlation = frame.correlation();
        if (frame.version() != Frame.VERSION) {
            return new Refused(correlation, FrameError.WRONG_VERSION);
        }
        if (!known(frame.type())) {
            return new Refused(correlation, FrameError.UNKNOWN_TYPE);
        }
        try {
            CborMap m = CborMap.decode(frame.payload());
            Message message = switch (frame.type()) {
                case HELLO -> exactly(m, 0, new Message.Hello());
                case CHALLENGE -> exactly(m, 4, new Message.Challenge(m.uuid(1), m.bytes(2, 16),
                        Instant.ofEpochSecond(m.unsigned(3, 0xFFFF_FFFFL)), m.unsigned(4, Long.MAX_VALUE)));
                case UNLOCK -> exactly(m, 1, new Message.Unlock(credential(m)));
                case RELOCK -> m.has(1) ? exactly(m, 1, new Message.Relock(credential(m))) : exactly(m, 0, new Message.Relock(null));
                case RESULT -> exactly(m, 1, new Message.Result(m.optionalBytes(1, MAX_RECEIPT)
                        .orElseThrow(() -> new CborMap.MalformedException("no receipt"))));
                case READ_EVENTS -> exactly(m, 1, new Message.ReadEvents(m.unsigned(1, Long.MAX_VALUE)));
                case EVENTS -> exactly(m, 2, new Message.Events(m.byteList(1, MAX_EVENTS, MAX_RECEIPT),
                        m.unsigned(2, 1) == 1));
                case STATUS_REQUEST -> exactly(m, 0, new Message.StatusRequest());
                case STATUS -> exactly(m, 8, new Message.Status(m.uuid(1), (int) m.unsigned(2, 100), m.text(3, 32),
                        Instant.ofEpochSecond(m.unsigned(4, 0xFFFF_FFFFL)), m.unsigned(5, Long.MAX_VALUE),
                        Message.BoltState.of(m.unsigned(6, 3)), m.unsigned(7, Long.MAX_VALUE), m.unsigned(8, Long.MAX_VALUE)));
                case TRUST_ANCHOR_UPDATE -> exactly(m, 1, new Message.TrustAnchorUpdate(update(m)));
                case REVOCATION_UPDATE -> exactly(m, 1, new Message.RevocationUpdate(update(m)));
                case TIME_UPDATE -> exactly(m, 1, new Message.TimeUpdate(update(m)));
                case OFFLINE_UNLOCK -> exactly(m, 3, new Message.OfflineUnlock(credential(m),
                        m.bytes(2, CredentialClaims.NONCE_BYTES), m.bytes(3, Credentials.PROOF_BYTES)));
                case ERROR -> exactly(m, 1, new Message.Error(FrameError.ofCode((int) m.unsigned(1, 255))));
                default -> throw new IllegalStateException("unreachable");
            };
            return new Ok(correlation, message);
        } catch (CborMap.MalformedException | IllegalArgumentException e) {
            return new Refused(correlation, FrameError.MALFORMED_PAYLOAD);
        }
    }

    private static byte[] credential(CborMap m) throws CborMap.MalformedException {
        return m.optionalBytes(1, Credentials.MAX_BYTES).orElseThrow(() -> new CborMap.MalformedException("no credential"));
    }

    private static byte[] update(CborMap m) throws CborMap.MalformedException {
        return m.optionalBytes(1, LockUpdates.MAX_BYTES).orElseThrow(() -> new CborMap.MalformedException("no update"));
    }

    private static Message exactly(CborMap m, int size, Message message) throws CborMap.MalformedException {
        if (m.size() != size) {
            throw new CborMap.MalformedException("unexpected fields");
        }
        return message;
    }

    private static boolean known(int type) {
        return (type >= HELLO && type <= OFFLINE_UNLOCK) || type == ERROR;
    }
}
