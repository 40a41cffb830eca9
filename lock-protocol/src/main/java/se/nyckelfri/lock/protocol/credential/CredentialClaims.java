package se.nyckelfri.lock.protocol.credential;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import se.nyckelfri.lock.protocol.cose.P256;

/**
 * What a credential says: this staff member (by pseudonym) may open this lock under this grant, between
 * {@code notBefore} and {@code expiry}. Times are whole seconds. A credential is bound in one of two ways:
 * <ul>
 * <li><b>online</b>: to the lock's single-use {@code nonce}, fetched through the gateway a moment before;</li>
 * <li><b>offline</b>: to a staff device's P-256 key ({@code deviceKey}, a compressed point; the {@code cnf} claim of
 * RFC 8747), synced to the phone ahead of a shift. At the door the phone proves it holds that key by signing the
 * lock's fresh challenge ({@link Credentials#prove}). An offline credential also says when it was issued
 * ({@code issuedAt}), so a lock can refuse everything issued before a revocation list's floor.</li>
 * </ul>
 *
 * @param credentialId 16 random bytes, unique per credential (the lock's replay cache remembers online ones)
 * @param nonce        online: the lock's own 16-byte challenge this credential answers; offline: {@code null}
 * @param deviceKey    offline: the device key's compressed point (33 bytes); online: {@code null}
 * @param issuedAt     offline: when it was issued; online: {@code null}
 */
public record CredentialClaims(UUID lockId, String staffPseudonym, UUID grantId, Instant notBefore, Instant expiry,
                               byte[] credentialId, byte[] nonce, byte[] deviceKey, Instant issuedAt) {

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
        if (credentialId.length != ID_BYTES) {
            throw new IllegalArgumentException("credential id is 16 bytes");
        }
        if ((nonce == null) == (deviceKey == null) || (deviceKey == null) != (issuedAt == null)) {
            throw new IllegalArgumentException("a credential answers a nonce, or names a device key and its issue time");
        }
        if (nonce != null && nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonce is 16 bytes");
        }
        if (deviceKey != null && (deviceKey.length != P256.COMPRESSED || (deviceKey[0] != 2 && deviceKey[0] != 3))) {
            throw new IllegalArgumentException("device key is a compressed P-256 point");
        }
        if (issuedAt != null && (issuedAt.getEpochSecond() < 0 || issuedAt.getEpochSecond() > MAX_EPOCH_SECOND)) {
            throw new IllegalArgumentException("issuedAt within 1970-2106");
        }
        notBefore = Instant.ofEpochSecond(notBefore.getEpochSecond());
        expiry = Instant.ofEpochSecond(expiry.getEpochSecond());
        issuedAt = issuedAt == null ? null : Instant.ofEpochSecond(issuedAt.getEpochSecond());
        credentialId = credentialId.clone();
        nonce = nonce == null ? null : nonce.clone();
        deviceKey = deviceKey == null ? null : deviceKey.clone();
    }

    /** An online credential, answering the lock's {@code nonce}. */
    public CredentialClaims(UUID lockId, String staffPseudonym, UUID grantId, Instant notBefore, Instant expiry,
                            byte[] credentialId, byte[] nonce) {
        this(lockId, staffPseudonym, grantId, notBefore, expiry, credentialId, nonce, null, null);
    }

    /** An offline credential, bound to the device key {@code deviceKey} (compressed point). */
    public static CredentialClaims deviceBound(UUID lockId, String staffPseudonym, UUID grantId, Instant notBefore,
                                               Instant expiry, byte[] credentialId, byte[] deviceKey, Instant issuedAt) {
        return new CredentialClaims(lockId, staffPseudonym, grantId, notBefore, expiry, credentialId, null, deviceKey,
                issuedAt);
    }

    /** Whether this is an offline credential, bound to a device key rather than a nonce. */
    public boolean deviceBound() {
        return deviceKey != null;
    }

    @Override
    public byte[] credentialId() {
        return credentialId.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce == null ? null : nonce.clone();
    }

    @Override
    public byte[] deviceKey() {
        return deviceKey == null ? null : deviceKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialClaims c && c.lockId.equals(lockId) && c.staffPseudonym.equals(staffPseudonym)
                && c.grantId.equals(grantId) && c.notBefore.equals(notBefore) && c.expiry.equals(expiry)
                && Arrays.equals(c.credentialId, credentialId) && Arrays.equals(c.nonce, nonce)
                && Arrays.equals(c.deviceKey, deviceKey) && Objects.equals(c.issuedAt, issuedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lockId, staffPseudonym, grantId, notBefore, expiry, Arrays.hashCode(credentialId),
                Arrays.hashCode(nonce), Arrays.hashCode(deviceKey), issuedAt);
    }

    @Override
    public String toString() {
        return "CredentialClaims[lock=" + lockId + ", staff=" + staffPseudonym + ", grant=" + grantId + ", "
                + notBefore + ".." + expiry + (deviceBound() ? ", device-bound" : "") + "]";
    }
}
