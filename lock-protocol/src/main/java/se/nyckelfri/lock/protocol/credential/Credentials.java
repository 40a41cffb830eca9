package se.nyckelfri.lock.protocol.credential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import se.nyckelfri.lock.protocol.cbor.CborMap;
import se.nyckelfri.lock.protocol.cose.CoseException;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.Es256;
import se.nyckelfri.lock.protocol.cose.Es256Signer;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.lock.protocol.cose.Sha256;

/**
 * Lock credentials: a CWT (RFC 8392) claims set in a COSE_Sign1 (RFC 9052) signed ES256 by an issuer key.
 *
 * <p>Claims, by CWT key: {@code sub} (2) staff pseudonym, {@code exp} (4), {@code nbf} (5), {@code cti} (7) credential
 * id; in the private-use range {@code -65537} lock id and {@code -65538} grant id (16-byte UUIDs); and the binding:
 * online, {@code cnonce} (39) the lock's challenge (about 195 bytes in all, at most {@link #MAX_ONLINE_BYTES});
 * offline, {@code iat} (6) and {@code cnf} (8) holding the device key as a COSE_Key (RFC 8747 §3.2; RFC 9053 EC2,
 * {@code {1: 2, -1: 1, -2: x, -3: sign of y}}), about 230 bytes, at most {@link #MAX_BYTES}: one BLE write at an
 * ATT MTU of 259. The issuer key is named by the COSE {@code kid}.
 *
 * <p>An offline credential opens only with a proof of possession: the device key's ES256 signature over
 * {@link #proofInput} (the lock's id, its fresh challenge and the credential's SHA-256), so a copied credential is
 * worthless without the phone's key, and a recorded proof is worthless after its challenge was used.
 *
 * <p>Stateless and thread-safe. Replay (has this credential id been seen?) is the lock's to check: it holds the cache.
 */
public final class Credentials {

    static final int SUB = 2;
    static final int EXP = 4;
    static final int NBF = 5;
    static final int IAT = 6;
    static final int CTI = 7;
    static final int CNF = 8;
    static final int CNONCE = 39;
    private static final int COSE_KEY = 1;
    private static final int KTY = 1;
    private static final int KTY_EC2 = 2;
    private static final int CRV = -1;
    private static final int CRV_P256 = 1;
    private static final int X = -2;
    private static final int Y = -3;
    private static final byte[] PROOF_CONTEXT = "nyckelfri/pop/1".getBytes(StandardCharsets.US_ASCII);
    static final int LOCK_ID = -65537;
    static final int GRANT_ID = -65538;
    /** The most a credential may claim on the wire: an offline one, in one BLE write. */
    public static final int MAX_BYTES = 256;
    /** The most an online credential takes. */
    public static final int MAX_ONLINE_BYTES = 200;
    /** A proof of possession: ES256, {@code r ‖ s}. */
    public static final int PROOF_BYTES = 64;

    private Credentials() {
    }

    /** The check for a lock with at most one outstanding challenge ({@code null}: none). */
    public static java.util.function.Predicate<byte[]> only(byte[] nonce) {
        return candidate -> nonce != null && MessageDigest.isEqual(nonce, candidate);
    }

    /** Encodes and signs {@code claims} with the issuer key named {@code kid}. */
    public static byte[] issue(CredentialClaims claims, byte[] kid, Es256Signer signer) {
        byte[] credential = CoseSign1.sign(kid, payload(claims), signer);
        int bound = claims.deviceBound() ? MAX_BYTES : MAX_ONLINE_BYTES;
        if (credential.length > bound) {
            throw new IllegalStateException("credential of " + credential.length + " bytes exceeds " + bound);
        }
        return credential;
    }

    /**
     * The CWT claims set of {@code claims}, exactly as {@link #issue} signs it (the COSE_Sign1 payload): deterministic,
     * so its SHA-256 can be recorded in the audit log before the credential is signed, and an auditor holding the
     * signed credential checks that its payload is the one recorded.
     */
    public static byte[] payload(CredentialClaims claims) {
        CborMap.Builder payload = CborMap.builder()
                .put(SUB, claims.staffPseudonym())
                .put(EXP, claims.expiry().getEpochSecond())
                .put(NBF, claims.notBefore().getEpochSecond())
                .put(CTI, claims.credentialId())
                .put(LOCK_ID, claims.lockId())
                .put(GRANT_ID, claims.grantId());
        if (claims.deviceBound()) {
            byte[] point = claims.deviceKey();
            payload.put(IAT, claims.issuedAt().getEpochSecond()).put(CNF, CborMap.builder().put(COSE_KEY,
                    CborMap.builder().put(KTY, KTY_EC2).put(CRV, CRV_P256).put(X, P256.x(point)).put(Y, point[0] == 3)));
        } else {
            payload.put(CNONCE, claims.nonce());
        }
        return payload.encode();
    }

    /**
     * What an offline credential's holder signs at the door: {@code "nyckelfri/pop/1" ‖ lock id (16) ‖ the lock's
     * challenge (16) ‖ SHA-256(credential) (32)}, 79 bytes. WebCrypto's ECDSA with SHA-256 over these bytes gives the
     * same 64-byte proof.
     */
    public static byte[] proofInput(UUID lockId, byte[] nonce, byte[] credential) {
        return ByteBuffer.allocate(PROOF_CONTEXT.length + 16 + CredentialClaims.NONCE_BYTES + 32).put(PROOF_CONTEXT)
                .put(CborMap.uuidBytes(lockId)).put(nonce).put(Sha256.of(credential)).array();
    }

    /** The device's proof of possession for {@code credential} at lock {@code lockId}, answering {@code nonce}. */
    public static byte[] prove(Es256Signer deviceKey, UUID lockId, byte[] nonce, byte[] credential) {
        return deviceKey.sign(proofInput(lockId, nonce, credential));
    }

    /** Whether {@code proof} was made with the key an offline credential names, for this lock, nonce and credential. */
    public static boolean proofHolds(CredentialClaims claims, UUID lockId, byte[] nonce, byte[] credential, byte[] proof) {
        if (!claims.deviceBound() || nonce == null || nonce.length != CredentialClaims.NONCE_BYTES) {
            return false;
        }
        try {
            return Es256.verify(P256.decompress(claims.deviceKey()), proofInput(lockId, nonce, credential), proof);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * What the lock checks, in order: shape and size, ES256 only, a trusted issuer key, the signature, this lock,
     * the time window (with {@code tolerance} for clock drift either way), a lifetime of at most {@code maxLifetime},
     * and for an online credential that the nonce is one of the lock's own outstanding challenges. An offline
     * credential's proof of possession, nonce and revocation are the lock's to check next ({@link #proofHolds}).
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
            claims = claims(CborMap.decode(verified.payload()));
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
        if (!claims.deviceBound() && !outstanding.test(claims.nonce())) {
            return Verdict.reject(CredentialRejection.NONCE_MISMATCH, claims);
        }
        return new Verdict(claims, null, verified.kid());
    }

    private static CredentialClaims claims(CborMap map) throws CborMap.MalformedException {
        UUID lock = map.uuid(LOCK_ID);
        String sub = map.text(SUB, CredentialClaims.MAX_PSEUDONYM);
        UUID grant = map.uuid(GRANT_ID);
        Instant nbf = Instant.ofEpochSecond(map.unsigned(NBF, CredentialClaims.MAX_EPOCH_SECOND));
        Instant exp = Instant.ofEpochSecond(map.unsigned(EXP, CredentialClaims.MAX_EPOCH_SECOND));
        byte[] cti = map.bytes(CTI, CredentialClaims.ID_BYTES);
        if (map.has(CNONCE) && map.size() == 7) {
            return new CredentialClaims(lock, sub, grant, nbf, exp, cti, map.bytes(CNONCE, CredentialClaims.NONCE_BYTES));
        }
        if (!map.has(CNF) || map.size() != 8) {
            throw new CborMap.MalformedException("a credential answers a nonce or names a device key");
        }
        CborMap cnf = map.map(CNF);
        CborMap key = cnf.map(COSE_KEY);
        if (cnf.size() != 1 || key.size() != 4 || key.unsigned(KTY, KTY_EC2) != KTY_EC2
                || key.unsigned(CRV, CRV_P256) != CRV_P256) {
            throw new CborMap.MalformedException("cnf must hold one P-256 COSE_Key");
        }
        byte[] point = P256.compressed(key.bytes(X, 32), key.bool(Y));
        P256.decompress(point); // on the curve, or IllegalArgumentException
        return CredentialClaims.deviceBound(lock, sub, grant, nbf, exp, cti, point,
                Instant.ofEpochSecond(map.unsigned(IAT, CredentialClaims.MAX_EPOCH_SECOND)));
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
