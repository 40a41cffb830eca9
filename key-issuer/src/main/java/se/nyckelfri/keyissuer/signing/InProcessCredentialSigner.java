package se.nyckelfri.keyissuer.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import java.util.HexFormat;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
import se.nyckelfri.lock.protocol.credential.Credentials;

/** {@link CredentialSigner} with the key ring's current key, in this process. Thread-safe. */
public final class InProcessCredentialSigner implements CredentialSigner {

    private final IssuerKeyRing keys;

    public InProcessCredentialSigner(IssuerKeyRing keys) {
        this.keys = keys;
    }

    @Override
    public SignedCredential sign(CredentialClaims claims) {
        ECKey key = keys.signingKey();
        try {
            byte[] credential = Credentials.issue(claims, HexFormat.of().parseHex(key.getKeyID()),
                    CoseSign1.signerFor(key.toECPrivateKey()));
            return new SignedCredential(credential, key.getKeyID());
        } catch (JOSEException e) {
            throw new IllegalStateException("issuer key unusable", e);
        }
    }
}
