package se.nyckelfri.lock.protocol.cbor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministically encoded CBOR maps (RFC 8949 §4.2.1): integers in their shortest form, definite lengths, keys
 * sorted by the bytes of their encoding. Written by hand because the size bound of a credential depends on it: a
 * general encoder that spends 8 bytes on a timestamp after 2038 would push credentials past 200 bytes. Only what
 * the protocol needs: integer keys; unsigned and negative integers, booleans, text, bytes, arrays and nested maps
 * (a {@link CborMap.Builder}) as values.
 * Not thread-safe; one writer per map.
 */
final class CborWriter {

    private final Map<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

    CborWriter put(int key, Object value) {
        entries.put(integer(key), item(value));
        return this;
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, entries.size());
        entries.forEach((k, v) -> {
            out.writeBytes(k);
            out.writeBytes(v);
        });
        return out.toByteArray();
    }

    static byte[] item(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof Integer || value instanceof Long) {
            return integer(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            out.write(b ? 0xF5 : 0xF4);
        } else if (value instanceof CborMap.Builder nested) {
            out.writeBytes(nested.encode());
        } else if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            head(out, 3, utf8.length);
            out.writeBytes(utf8);
        } else if (value instanceof byte[] b) {
            head(out, 2, b.length);
            out.writeBytes(b);
        } else if (value instanceof List<?> list) {
            head(out, 4, list.size());
            list.forEach(element -> out.writeBytes(item(element)));
        } else {
            throw new IllegalArgumentException("unsupported CBOR value: " + (value == null ? "null" : value.getClass()));
        }
        return out.toByteArray();
    }

    static byte[] integer(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value >= 0) {
            head(out, 0, value);
        } else {
            head(out, 1, -1 - value);
        }
        return out.toByteArray();
    }

    /** A major type with its argument in the shortest form; {@code argument} is unsigned. */
    private static void head(ByteArrayOutputStream out, int major, long argument) {
        int type = major << 5;
        if (argument >= 0 && argument < 24) {
            out.write(type | (int) argument);
        } else if (argument >= 0 && argument <= 0xFF) {
            out.write(type | 24);
            out.write((int) argument);
        } else if (argument >= 0 && argument <= 0xFFFF) {
            out.write(type | 25);
            writeBigEndian(out, argument, 2);
        } else if (argument >= 0 && argument <= 0xFFFF_FFFFL) {
            out.write(type | 26);
            writeBigEndian(out, argument, 4);
        } else {
            out.write(type | 27);
            writeBigEndian(out, argument, 8);
        }
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

}
