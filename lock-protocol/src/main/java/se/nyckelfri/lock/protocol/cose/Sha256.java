package se.nyckelfri.lock.protocol.cose;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the protocol's one hash: receipt links, credential hashes in proofs, device key ids, update ids. */
public final class Sha256 {

    private Sha256() {
    }

    public static byte[] of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
