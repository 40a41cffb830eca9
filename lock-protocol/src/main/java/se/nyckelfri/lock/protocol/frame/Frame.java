package se.nyckelfri.lock.protocol.frame;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One frame on the wire: {@code version (1) | type (1) | correlation (2) | length (2) | payload (length)}, big-endian,
 * 6-byte header, payload at most {@link #MAX_PAYLOAD} bytes ({@link #MAX_UPDATE_PAYLOAD} for revocation and
 * trust-anchor updates, which carry whole lists). The correlation number pairs an answer with its
 * request. Transport-neutral: the same bytes go over RFCOMM as a stream or over BLE GATT in chunks.
 */
public record Frame(int version, int type, int correlation, byte[] payload) {

    public static final int VERSION = 1;
    public static final int HEADER = 6;
    public static final int MAX_PAYLOAD = 1024;
    public static final int MAX_UPDATE_PAYLOAD = 12_800;

    public Frame {
        if (version < 0 || version > 255 || type < 0 || type > 255 || correlation < 0 || correlation > 0xFFFF) {
            throw new IllegalArgumentException("header field out of range");
        }
        if (payload.length > maxPayload(type)) {
            throw new IllegalArgumentException("payload larger than " + maxPayload(type));
        }
        payload = payload.clone();
    }

    /** The largest payload a frame of {@code type} may carry. */
    public static int maxPayload(int type) {
        return type == Messages.REVOCATION_UPDATE || type == Messages.TRUST_ANCHOR_UPDATE ? MAX_UPDATE_PAYLOAD : MAX_PAYLOAD;
    }

    public byte[] encode() {
        return ByteBuffer.allocate(HEADER + payload.length).put((byte) version).put((byte) type)
                .putShort((short) correlation).putShort((short) payload.length).put(payload).array();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.version == version && f.type == type && f.correlation == correlation
                && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * version + type) + correlation) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Frame[v" + version + " type=" + type + " corr=" + correlation + " " + payload.length + " bytes]";
    }
}
