package se.nyckelfri.audit.verifier;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of CBOR (RFC 8949) for the verifier to read COSE_Sign1 and CWT claims and to write a COSE Sig_structure:
 * unsigned and negative integers (as {@code Long}), byte strings, text strings, arrays, maps, tags (skipped), and the
 * simple values false, true and null; definite lengths only. Written here rather than taken from the platform's
 * lock protocol so that the auditor's check does not share the code it checks. Not thread-safe.
 */
final class Cbor {

    private static final int MAX_DEPTH = 16;

    private final byte[] bytes;
    private int at;

    Cbor(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The one item {@code bytes} hold; anything after it, or anything malformed, is an exception. */
    Object readAll() {
        Object item = read(0);
        if (at != bytes.length) {
            throw new IllegalArgumentException("bytes after the item");
        }
        return item;
    }

    private Object read(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested too deeply");
        }
        int initial = next();
        int major = initial >>> 5;
        int info = initial & 31;
        if (major == 7) {
            return switch (info) {
                case 20 -> false;
                case 21 -> true;
                case 22 -> null;
                default -> throw new IllegalArgumentException("simple value " + info + " is not read here");
            };
        }
        long argument = argument(info);
        return switch (major) {
            case 0 -> argument;
            case 1 -> -1 - argument;
            case 2 -> take(argument);
            case 3 -> new String(take(argument), StandardCharsets.UTF_8);
            case 4 -> {
                List<Object> items = new ArrayList<>();
                for (long i = 0; i < argument; i++) {
                    items.add(read(depth + 1));
                }
                yield items;
            }
            case 5 -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < argument; i++) {
                    Object key = read(depth + 1);
                    if (map.put(key instanceof byte[] b ? Arrays.toString(b) : key, read(depth + 1)) != null) {
                        throw new IllegalArgumentException("duplicate map key " + key);
                    }
                }
                yield map;
            }
            default -> read(depth + 1); // a tag around the item (COSE_Sign1's 18)
        };
    }

    private long argument(int info) {
        if (info < 24) {
            return info;
        }
        int length = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new IllegalArgumentException("indefinite or reserved length " + info);
        };
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | next();
        }
        if (value < 0) {
            throw new IllegalArgumentException("argument beyond a long");
        }
        return value;
    }

    private int next() {
        if (at >= bytes.length) {
            throw new IllegalArgumentException("ends early");
        }
        return bytes[at++] & 0xff;
    }

    private byte[] take(long length) {
        if (length > bytes.length - at) {
            throw new IllegalArgumentException("ends early");
        }
        byte[] out = Arrays.copyOfRange(bytes, at, at + (int) length);
        at += (int) length;
        return out;
    }

    /** Writes heads and raw bytes, for a Sig_structure. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer head(int major, int length) {
            if (length < 24) {
                out.write(major << 5 | length);
            } else if (length < 256) {
                out.write(major << 5 | 24);
                out.write(length);
            } else if (length < 65_536) {
                out.write(major << 5 | 25);
                out.write(length >>> 8);
                out.write(length & 0xff);
            } else {
                out.write(major << 5 | 26);
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out.write(length >>> shift & 0xff);
                }
            }
            return this;
        }

        Writer raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
