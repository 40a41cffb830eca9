package se.nyckelfri.audit.entry;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry encoding, version 1. All integers big-endian; {@code str} is a uint16 length and UTF-8 bytes:
 *
 * <pre>
 * u8  version (1)
 * u64 time, milliseconds since the epoch
 * str type, str actor, str subject kind, str subject id, str outcome, str reason
 * u64 previous entry index for the same lock + 1 (0: none)
 * u16 attribute count, then (str key, value) in key order; a value is u8 kind and then either
 *     kind 0: str (text), or kind 1: u16 length and bytes (text that is lowercase hex of even length — hashes,
 *     credential ids, most numbers — stored as the bytes it spells; only such text, and all of it, uses kind 1)
 * u16 commitment count, then (str field, 32 bytes) in order
 * </pre>
 *
 * At most {@link #MAX_SIZE} bytes, so that an entry fits a tlog-tiles entry bundle's uint16 length. Decoding is
 * strict: exactly one encoding per entry (keys sorted and unique, no trailing bytes, valid UTF-8), so re-encoding
 * a decoded entry gives the same bytes and the same leaf hash.
 *
 * <p>Thread-safe: stateless.
 */
public final class EntryCodec {

    public static final int VERSION = 1;
    public static final int MAX_SIZE = 65_535;
    private static final byte[] COMMITMENT_LABEL = "nyckelfri/commitment/v1\n".getBytes(StandardCharsets.UTF_8);

    private EntryCodec() {
    }

    public static byte[] encode(Entry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(8).putLong(entry.time().toEpochMilli()).array());
        for (String s : new String[] {entry.type(), entry.actor(), entry.subjectKind(), entry.subjectId(),
                entry.outcome(), entry.reason()}) {
            str(out, s);
        }
        out.writeBytes(ByteBuffer.allocate(8).putLong(entry.previousForLock() + 1).array());
        u16(out, entry.attributes().size());
        new TreeMap<>(entry.attributes()).forEach((k, v) -> {
            str(out, k);
            if (isHex(v)) {
                out.write(1);
                byte[] bytes = HexFormat.of().parseHex(v);
                u16(out, bytes.length);
                out.writeBytes(bytes);
            } else {
                out.write(0);
                str(out, v);
            }
        });
        u16(out, entry.commitments().size());
        for (Entry.Commitment c : entry.commitments()) {
            str(out, c.field());
            out.writeBytes(c.hash());
        }
        if (out.size() > MAX_SIZE) {
            throw new IllegalArgumentException("an entry is at most " + MAX_SIZE + " bytes, this one " + out.size());
        }
        return out.toByteArray();
    }

    public static Entry decode(byte[] bytes) throws EntryException {
        if (bytes.length > MAX_SIZE) {
            throw new EntryException("longer than " + MAX_SIZE + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw new EntryException("unknown entry version " + version);
            }
            long millis = in.getLong();
            String type = str(in);
            String actor = str(in);
            String subjectKind = str(in);
            String subjectId = str(in);
            String outcome = str(in);
            String reason = str(in);
            long previous = in.getLong() - 1;
            if (previous < -1) {
                throw new EntryException("previous-entry index out of range");
            }
            int attributeCount = u16(in);
            Map<String, String> attributes = new TreeMap<>();
            String last = null;
            for (int i = 0; i < attributeCount; i++) {
                String key = str(in);
                if (last != null && last.compareTo(key) >= 0) {
                    throw new EntryException("attribute keys are not sorted and unique");
                }
                last = key;
                int kind = in.get() & 0xff;
                String value;
                if (kind == 0) {
                    value = str(in);
                    if (isHex(value)) {
                        throw new EntryException("attribute " + key + " is hex text stored as text (not canonical)");
                    }
                } else if (kind == 1) {
                    int length = u16(in);
                    if (length == 0 || length > in.remaining()) {
                        throw new EntryException("attribute " + key + " has a bad byte length");
                    }
                    byte[] raw = new byte[length];
                    in.get(raw);
                    value = HexFormat.of().formatHex(raw);
                } else {
                    throw new EntryException("attribute " + key + " has unknown value kind " + kind);
                }
                attributes.put(key, value);
            }
            int commitmentCount = u16(in);
            List<Entry.Commitment> commitments = new ArrayList<>();
            for (int i = 0; i < commitmentCount; i++) {
                String field = str(in);
                byte[] hash = new byte[32];
                in.get(hash);
                commitments.add(new Entry.Commitment(field, hash));
            }
            if (in.hasRemaining()) {
                throw new EntryException(in.remaining() + " bytes after the entry");
            }
            return new Entry(Instant.ofEpochMilli(millis), type, actor, subjectKind, subjectId, outcome, reason,
                    previous, attributes, commitments);
        } catch (BufferUnderflowException e) {
            throw new EntryException("truncated");
        }
    }

    /** The commitment to {@code value} with {@code salt} (32 random bytes kept in the sealed opening). */
    public static byte[] commit(byte[] salt, String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(COMMITMENT_LABEL);
            sha.update(salt);
            sha.update(value.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isHex(String value) {
        int n = value.length();
        if (n == 0 || n % 2 != 0 || n / 2 > 0xffff) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("a field is at most 65535 bytes");
        }
        u16(out, b.length);
        out.writeBytes(b);
    }

    private static void u16(ByteArrayOutputStream out, int n) {
        out.write(n >>> 8);
        out.write(n & 0xff);
    }

    private static int u16(ByteBuffer in) {
        return in.getShort() & 0xffff;
    }

    private static String str(ByteBuffer in) throws EntryException {
        int length = u16(in);
        if (length > in.remaining()) {
            throw new EntryException("a field runs past the end");
        }
        ByteBuffer slice = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new EntryException("a field is not valid UTF-8");
        }
    }
}
