package se.nyckelfri.lock.protocol.cose;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * P-256 (secp256r1) key pairs, the only curve of the protocol, and public keys in the 33-byte compressed form of
 * SEC 1 §2.3.3 ({@code 02|03 ‖ x}): how a device key travels in a credential's {@code cnf} claim and in updates.
 */
public final class P256 {

    /** Bytes of a compressed point. */
    public static final int COMPRESSED = 33;
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECParameterSpec SPEC = spec();

    private P256() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available", e);
        }
    }

    private static ECParameterSpec spec() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available", e);
        }
    }

    /** {@code key} as a compressed point. */
    public static byte[] compress(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("not a P-256 public key");
        }
        return CURVE.getCurve().createPoint(ec.getW().getAffineX(), ec.getW().getAffineY()).getEncoded(true);
    }

    /**
     * The public key of a compressed point.
     *
     * @throws IllegalArgumentException if the bytes are not a point on the curve (or the point at infinity)
     */
    public static PublicKey decompress(byte[] compressed) {
        if (compressed == null || compressed.length != COMPRESSED || (compressed[0] != 2 && compressed[0] != 3)) {
            throw new IllegalArgumentException("not a compressed P-256 point");
        }
        try {
            org.bouncycastle.math.ec.ECPoint point = CURVE.getCurve().decodePoint(compressed).normalize();
            if (point.isInfinity() || !point.isValid()) {
                throw new IllegalArgumentException("not a point on P-256");
            }
            KeyFactory ec = KeyFactory.getInstance("EC");
            return ec.generatePublic(new ECPublicKeySpec(new ECPoint(point.getAffineXCoord().toBigInteger(),
                    point.getAffineYCoord().toBigInteger()), SPEC));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a point on P-256", e);
        }
    }

    /** The x coordinate of a compressed point, 32 bytes. */
    public static byte[] x(byte[] compressed) {
        return Arrays.copyOfRange(compressed, 1, COMPRESSED);
    }

    /** The compressed point of {@code x} and the sign bit of y (true: y is odd), as a COSE_Key carries it. */
    public static byte[] compressed(byte[] x, boolean yOdd) {
        if (x.length != 32) {
            throw new IllegalArgumentException("x must be 32 bytes");
        }
        byte[] point = new byte[COMPRESSED];
        point[0] = (byte) (yOdd ? 3 : 2);
        System.arraycopy(x, 0, point, 1, 32);
        return point;
    }

    /**
     * A device key's id: the first 16 bytes of SHA-256 over its compressed point. Revocation lists name blocked
     * device keys by it.
     */
    public static byte[] deviceKeyId(byte[] compressed) {
        return Arrays.copyOf(Sha256.of(compressed), 16);
    }
}
