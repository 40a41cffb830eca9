package se.nyckelfri.keyissuer.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.HexFormat;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.update.LockUpdates;

/**
 * The locks' trust root: a P-256 key that locks get at commissioning and that signs one thing only, the set of
 * issuer keys they trust (trust-anchor updates). It never signs a credential, so a stolen issuer key cannot make
 * itself trusted for longer, and issuer keys can rotate in the field. One JWK file ({@code trust-root.jwk}, mode
 * 600) in its own directory outside the repository, generated on first use; in production it belongs offline or in
 * an HSM. Thread-safe.
 */
public final class TrustRoot {

    private final ECKey key;

    public TrustRoot(Path directory) {
        Path file = directory.resolve("trust-root.jwk");
        try {
            if (Files.exists(file)) {
                key = KeyFiles.read(file);
            } else {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                ECKey generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
                key = new ECKey.Builder(generated).keyID(IssuerKeyRing.keyId(generated.toECPublicKey())).build();
                KeyFiles.write(file, key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the trust root in " + directory, e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the trust root", e);
        }
    }

    /** What a lock is commissioned with. */
    public PublicKey publicKey() {
        try {
            return key.toECPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The root's COSE key id. */
    public byte[] kid() {
        return HexFormat.of().parseHex(key.getKeyID());
    }

    /** Signs {@code anchors}: the only thing the root signs. Callers record the update in the audit log first. */
    public byte[] sign(LockUpdates.TrustAnchors anchors) {
        try {
            return LockUpdates.sign(anchors, kid(), CoseSign1.signerFor(key.toECPrivateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
