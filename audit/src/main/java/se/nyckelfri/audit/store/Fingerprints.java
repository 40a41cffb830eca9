package se.nyckelfri.audit.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * 64-bit search keys: the first eight bytes of SHA-256 of a text, big-endian (the same as PostgreSQL's
 * {@code ('x' || encode(substr(sha256(...), 1, 8), 'hex'))::bit(64)::bigint}). Searches match on the key and then
 * check the decoded entry, so a collision can never return a wrong record.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static long of(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
