package se.nyckelfri.lock.protocol.credential;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import se.nyckelfri.lock.protocol.cbor.CborMap;
import se.nyckelfri.lock.protocol.cose.CoseException;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.Es256Signer;

/**
 * Lock credentials: a CWT (RFC 8392) claims set in a COSE_Sign1 (RFC 9052) signed ES256 by an issuer key.
 *
 * <p>Claims, by CWT key: {@code sub} (2) staff pseudonym, {@code exp} (4), {@code nbf} (5), {@code cti} (7) credential
 * id, {@code cnonce} (39) the lock's challenge; and in the private-use range {@code -65537} lock id and {@code -65538}
 * grant id (16-byte UUIDs). The issuer key is named by the COSE {@code kid}. About 190 bytes in all.
 *
 * <p>Stateless and thread-safe. Replay (has this credential id been seen?) is the lock's to check: it holds the cache.
 */
public final class Credentials {

    static final int SUB = 2;
    static final int EXP = 4;
    static final int NBF = 5;
    static final int CTI = 7;
    static final int CNONCE = 39;
    static final int LOCK_ID = -65537;
    static final int GRANT_ID = -65538;
    /** The most a credential may claim on the wire. */
    public static final int MAX_BYTES = 200;

    private Credentials() {
    }

    /** The check for a lock with at most one outstanding challenge ({@code null}: none). */
    public static java.util.function.Predicate<byte[]> only(byte[] nonce) {
        return candidate -> nonce != null && java.security.MessageDigest.isEqual(nonce, candidate);
    }

    /** Encodes and signs {@code claims} with the issuer key named {@code kid}. */
    public static byte[] issue(CredentialClaims claims, byte[] kid, Es256Signer signer) {
        byte[] payload = CborMap.builder()
                .put(SUB, claims.staffPseudonym())
                .put(EXP, claims.expiry().getEpochSecond())
                .put(NBF, claims.notBefore().getEpochSecond())
                .put(CTI, claims.credentialId())
                .put(CNONCE, claims.nonce())
                .put(LOCK_ID, claims.lockId())
                .put(GRANT_ID, claims.grantId())
                .encode();
        byte[] credential = CoseSign1.sign(kid, payload, signer);
        if (credential.length > MAX_BYTES) {
            throw new IllegalStateException("credential of " + credential.length + " bytes exceeds " + MAX_BYTES);
        }
        return credential;
    }

    /**
     * What the lock checks, in order: shape and size, ES256 only, a trusted issuer key, the signature, this lock,
     * the time window (with {@code tolerance} for clock drift either way), a lifetime of at most {@code maxLifetime},
     * and that the nonce is one of the lock's own outstanding challenges.
     *
     * @param outstanding whether a nonce is a challenge the lock issued, has not yet seen answered, and still honours
     */
    public static Verdict verify(byte[] credential, Function<byte[], PublicKey> trustedIssuerKeys, UUID thisLock,
                                 Instant lockNow, Duration tolerance, Duration maxLifetime,
                                 java.util.function.Predicate<byte[]> outstanding) {
        if (credential == null || credential.length > MAX_BYTES) {
            return Verdict.reject(CredentialRejection.MALFORMED);
        }
        CoseSign1.Verified verified;
        try {
            verified = CoseSign1.verify(credential, trustedIssuerKeys);
        } catch (CoseException e) {
            return Verdict.reject(switch (e.rejection()) {
                case MALFORMED -> CredentialRejection.MALFORMED;
                case UNSUPPORTED_ALGORITHM -> CredentialRejection.UNSUPPORTED_ALGORITHM;
                case UNKNOWN_KEY -> CredentialRejection.UNKNOWN_ISSUER_KEY;
                case BAD_SIGNATURE -> CredentialRejection.BAD_SIGNATURE;
            });
        }
        CredentialClaims claims;
        try {
            CborMap map = CborMap.decode(verified.payload());
            if (map.size() != 7) {
                return Verdict.reject(CredentialRejection.MALFORMED);
            }
            claims = new CredentialClaims(map.uuid(LOCK_ID), map.text(SUB, CredentialClaims.MAX_PSEUDONYM),
                    map.uuid(GRANT_ID), Instant.ofEpochSecond(map.unsigned(NBF, CredentialClaims.MAX_EPOCH_SECOND)),
                    Instant.ofEpochSecond(map.unsigned(EXP, CredentialClaims.MAX_EPOCH_SECOND)), map.bytes(CTI, CredentialClaims.ID_BYTES),
                    map.bytes(CNONCE, CredentialClaims.NONCE_BYTES));
        } catch (CborMap.MalformedException | IllegalArgumentException e) {
            return Verdict.reject(CredentialRejection.MALFORMED);
        }
        if (!claims.lockId().equals(thisLock)) {
            return Verdict.reject(CredentialRejection.WRONG_LOCK, claims);
        }
        if (lockNow.plus(tolerance).isBefore(claims.notBefore())) {
            return Verdict.reject(CredentialRejection.NOT_YET_VALID, claims);
        }
        if (!lockNow.minus(tolerance).isBefore(claims.expiry())) {
            return Verdict.reject(CredentialRejection.EXPIRED, claims);
        }
        if (Duration.between(claims.notBefore(), claims.expiry()).compareTo(maxLifetime) > 0) {
            return Verdict.reject(CredentialRejection.LIFETIME_TOO_LONG, claims);
        }
        if (!outstanding.test(claims.nonce())) {
            return Verdict.reject(CredentialRejection.NONCE_MISMATCH, claims);
        }
        return new Verdict(claims, null, verified.kid());
    }

    /** A decision on a credential: accepted claims, or the rejection (with the claims when they could be read). */
    public record Verdict(CredentialClaims claims, CredentialRejection rejection, byte[] issuerKid) {

        static Verdict reject(CredentialRejection rejection) {
            return new Verdict(null, rejection, null);
        }

        static Verdict reject(CredentialRejection rejection, CredentialClaims claims) {
            return new Verdict(claims, rejection, null);
        }

        public boolean accepted() {
            return rejection == null;
        }

        @Override
        public String toString() {
            return accepted() ? "Verdict[accepted " + claims + "]" : "Verdict[" + rejection + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Verdict v && java.util.Objects.equals(v.claims, claims) && v.rejection == rejection
                    && Arrays.equals(v.issuerKid, issuerKid);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(claims, rejection, Arrays.hashCode(issuerKid));
        }
    }
}
