package se.nyckelfri.access.premises;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import se.nyckelfri.access.system.InvalidInputException;

/** Checks that a lock's registered key is an EC public key on P-256 (secp256r1), the only curve locks use. */
final class LockPublicKeys {

    private LockPublicKeys() {
    }

    /** Returns {@code spki} if it is an X.509 SubjectPublicKeyInfo of a P-256 key; otherwise 400 naming {@code field}. */
    static byte[] requireP256(byte[] spki, String field) {
        try {
            if (spki.length > 200) {
                throw new InvalidInputException(field, "is too long for a P-256 public key");
            }
            if (KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki)) instanceof ECPublicKey ec
                    && isP256(ec.getParams())) {
                return spki;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be a base64 X.509 SubjectPublicKeyInfo of a P-256 EC key");
        }
        throw new InvalidInputException(field, "must be a key on the P-256 curve");
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCurve().getField().getFieldSize() == 256
                && params.getOrder().toString(16).equalsIgnoreCase(
                        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    }
}
