package se.nyckelfri.lock.protocol.frame;

import se.nyckelfri.lock.protocol.cbor.WireCodes;

/** Why bytes did not make a frame or a message. Every decoding failure is one of these; none escapes as an exception. */
public enum FrameError {
    /** The stream ended inside a frame. */
    TRUNCATED(1),
    /** The declared payload is larger than {@link Frame#MAX_PAYLOAD}. */
    OVERSIZED(2),
    /** A version this implementation does not speak. */
    WRONG_VERSION(3),
    /** A message type nobody defined. */
    UNKNOWN_TYPE(4),
    /** The payload does not have the shape its type requires. */
    MALFORMED_PAYLOAD(5),
    /** Defined, but not supported by this peer (yet). */
    UNSUPPORTED(6);

    private final int code;

    FrameError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static FrameError ofCode(int code) {
        return WireCodes.find(values(), FrameError::code, code).orElse(MALFORMED_PAYLOAD);
    }
}
