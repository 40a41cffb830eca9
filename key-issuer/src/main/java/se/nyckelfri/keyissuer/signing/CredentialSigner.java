package se.nyckelfri.keyissuer.signing;

import se.nyckelfri.lock.protocol.credential.CredentialClaims;

/**
 * Signs lock credentials. The boundary behind which the issuer's private keys live: in process today, an HSM over
 * PKCS#11 tomorrow, with no change to callers.
 *
 * <p>Contract: implementations MUST sign with ES256 (P-256) only, with the current signing key, and MUST return a
 * credential of at most 200 bytes online and 256 bytes offline (device-bound); they MUST NOT log claims or keys. Callers MUST have recorded the issuance
 * durably in the audit log before calling ({@link CredentialIssuer} does). Implementations are thread-safe.
 */
public interface CredentialSigner {

    /** The signed credential and the id of the key that signed it. */
    record SignedCredential(byte[] credential, String keyId) { }

    SignedCredential sign(CredentialClaims claims);
}
