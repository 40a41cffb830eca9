package se.nyckelfri.lock.protocol.cose;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 (ECDSA on P-256 with SHA-256) in COSE's raw {@code r ‖ s} form, on BouncyCastle's low-level ECDSA with the
 * optimised P-256 curve and deterministic nonces (RFC 6979: no random number can leak the key). About six times the
 * signing rate of the JDK's provider on the machines we measured (docs/benchmarks.md). Thread-safe (each call builds
 * its own signer or verifier; the kept verifying keys are in a concurrent map, and BouncyCastle guards a point's
 * precomputations).
 */
public final class Es256 {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
    /** Verifying keys kept with their precomputations (a district's locks); dropped and refilled when full. */
    private static final int KEPT_KEYS = 20_000;
    private static final Map<PublicKey, ECPublicKeyParameters> VERIFYING_KEYS = new ConcurrentHashMap<>();

    private Es256() {
    }

    /** A signer for a P-256 private key. */
    public static Es256Signer signer(PrivateKey key) {
        if (!(key instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("ES256 needs a P-256 private key");
        }
        ECPrivateKeyParameters parameters = new ECPrivateKeyParameters(ec.getS(), DOMAIN);
        return toBeSigned -> {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, parameters);
            BigInteger[] rs = signer.generateSignature(sha256(toBeSigned));
            byte[] out = new byte[64];
            BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
            BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
            return out;
        };
    }

    /** Whether {@code signature} (64 bytes {@code r ‖ s}) is a valid ES256 signature of {@code data} by {@code key}. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        if (!(key instanceof ECPublicKey ec) || signature == null || signature.length != 64) {
            return false;
        }
        try {
            ECPublicKeyParameters parameters = verifyingKey(ec);
            if (parameters == null) {
                return false;
            }
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, parameters);
            return verifier.verifySignature(sha256(data), new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                    new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The key as a point on the curve, checked to lie on it, or {@code null}. Points are kept per key (equal keys have
     * equal encodings, hence equal points): BouncyCastle stores its precomputed multiples of a point in the point, so
     * a kept point verifies about 2.3 times as fast as a fresh one (a lock's few issuer keys; the backend's locks).
     */
    private static ECPublicKeyParameters verifyingKey(ECPublicKey key) {
        ECPublicKeyParameters kept = VERIFYING_KEYS.get(key);
        if (kept != null) {
            return kept;
        }
        ECPoint point = DOMAIN.getCurve().createPoint(key.getW().getAffineX(), key.getW().getAffineY());
        if (!point.isValid()) {
            return null;
        }
        ECPublicKeyParameters parameters = new ECPublicKeyParameters(point, DOMAIN);
        if (VERIFYING_KEYS.size() >= KEPT_KEYS) {
            VERIFYING_KEYS.clear();
        }
        VERIFYING_KEYS.put(key, parameters);
        return parameters;
    }

    private static byte[] sha256(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
