package se.nyckelfri.lock.protocol.credential;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * What a credential says: this staff member (by pseudonym) may open this lock under this grant, between
 * {@code notBefore} and {@code expiry}, answering this lock's single-use {@code nonce}. Times are whole seconds.
 *
 * @param credentialId 16 random bytes, unique per credential (the lock's replay cache remembers it)
 * @param nonce        the lock's own 16-byte challenge this credential answers
 */
public record CredentialClaims(UUID lockId, String staffPseudonym, UUID grantId, Instant notBefore, Instant expiry,
                               byte[] credentialId, byte[] nonce) {

    public static final int ID_BYTES = 16;
    public static final int NONCE_BYTES = 16;
    public static final int MAX_PSEUDONYM = 16;
    /** Times are CBOR 32-bit unsigned integers: seconds since 1970, until the year 2106. */
    public static final long MAX_EPOCH_SECOND = 0xFFFF_FFFFL;

    public CredentialClaims {
        Objects.requireNonNull(lockId);
        Objects.requireNonNull(grantId);
        if (staffPseudonym == null || staffPseudonym.isEmpty() || staffPseudonym.length() > MAX_PSEUDONYM) {
            throw new IllegalArgumentException("staff pseudonym must be 1-" + MAX_PSEUDONYM + " characters");
        }
        if (!expiry.isAfter(notBefore) || notBefore.getEpochSecond() < 0 || expiry.getEpochSecond() > MAX_EPOCH_SECOND) {
            throw new IllegalArgumentException("expiry must be after notBefore, both within 1970-2106");
        }
        if (credentialId.length != ID_BYTES || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("credential id and nonce are 16 bytes each");
        }
        notBefore = Instant.ofEpochSecond(notBefore.getEpochSecond());
        expiry = Instant.ofEpochSecond(expiry.getEpochSecond());
        credentialId = credentialId.clone();
        nonce = nonce.clone();
    }

    @Override
    public byte[] credentialId() {
        return credentialId.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialClaims c && c.lockId.equals(lockId) && c.staffPseudonym.equals(staffPseudonym)
                && c.grantId.equals(grantId) && c.notBefore.equals(notBefore) && c.expiry.equals(expiry)
                && Arrays.equals(c.credentialId, credentialId) && Arrays.equals(c.nonce, nonce);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lockId, staffPseudonym, grantId, notBefore, expiry, Arrays.hashCode(credentialId),
                Arrays.hashCode(nonce));
    }

    @Override
    public String toString() {
        return "CredentialClaims[lock=" + lockId + ", staff=" + staffPseudonym + ", grant=" + grantId + ", "
                + notBefore + ".." + expiry + "]";
    }
}
