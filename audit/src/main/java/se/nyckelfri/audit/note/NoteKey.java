package se.nyckelfri.audit.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A public key as signed notes name it: a key name, a signature type ({@link #ED25519} for a log,
 * {@link #COSIGNATURE_V1} for a witness) and the 32-byte Ed25519 public key. Its key id is
 * {@code SHA-256(name || 0x0A || type || key)[:4]}; its verifier-key text ("vkey") is
 * {@code name+hex(id)+base64(type || key)}.
 */
public record NoteKey(String name, byte type, byte[] publicKey) {

    public static final byte ED25519 = 0x01;
    public static final byte COSIGNATURE_V1 = 0x04;

    private static final Pattern NAME = Pattern.compile("[^\\s+\\x{2014}]+");

    public NoteKey {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
        }
        if (type != ED25519 && type != COSIGNATURE_V1) {
            throw new IllegalArgumentException("only Ed25519 note keys and Ed25519 cosignature keys are supported");
        }
        if (publicKey == null || publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public int keyId() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(type);
            sha.update(publicKey);
            return ByteBuffer.wrap(sha.digest()).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verifier key text an auditor configures: {@code name+hex id+base64(type || key)}. */
    public String vkey() {
        byte[] typed = new byte[33];
        typed[0] = type;
        System.arraycopy(publicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().toHexDigits(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** Parses a verifier key; the id in the text must match the key it names. */
    public static NoteKey parse(String vkey) {
        // The name holds no '+'; the base64 key may.
        String text = vkey.trim();
        int first = text.indexOf('+');
        if (first < 1 || text.length() < first + 10 || text.charAt(first + 9) != '+') {
            throw new IllegalArgumentException("a verifier key is name+keyid+key");
        }
        String[] parts = {text.substring(0, first), text.substring(first + 1, first + 9), text.substring(first + 10)};
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not base64", e);
        }
        if (typed.length != 33) {
            throw new IllegalArgumentException("the key is not a type byte and 32 key bytes");
        }
        byte[] key = new byte[32];
        System.arraycopy(typed, 1, key, 0, 32);
        NoteKey parsed = new NoteKey(parts[0], typed[0], key);
        if (!HexFormat.of().toHexDigits(parsed.keyId()).equals(parts[1])) {
            throw new IllegalArgumentException("the key id does not match the key");
        }
        return parsed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteKey k && k.name.equals(name) && k.type == type && MessageDigest.isEqual(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + type;
    }

    @Override
    public String toString() {
        return vkey();
    }
}
