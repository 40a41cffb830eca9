package se.nyckelfri.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 9162 §2.1.1 hashing with SHA-256: a leaf is {@code H(0x00 || entry)}, an interior node
 * {@code H(0x01 || left || right)}, and the empty tree {@code H()}.
 *
 * <p>Thread-safe: every call uses its own digest.
 */
public final class Hashes {

    /** Length of every hash in the tree. */
    public static final int SIZE = 32;

    private static final byte[] EMPTY = digest().digest();

    private Hashes() {
    }

    public static byte[] leaf(byte[] entry) {
        MessageDigest sha = digest();
        sha.update((byte) 0);
        sha.update(entry);
        return sha.digest();
    }

    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = digest();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The root of the tree with no leaves. */
    public static byte[] empty() {
        return EMPTY.clone();
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
