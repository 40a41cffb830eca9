package se.nyckelfri.lock.protocol.cose;

/**
 * Signs bytes with ES256 (ECDSA on P-256 with SHA-256). Implementations MUST return the 64-byte raw {@code r ‖ s}
 * form COSE uses (not DER), MUST NOT log or expose the key, and MAY live in an HSM. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Es256Signer {

    byte[] sign(byte[] toBeSigned);
}
