package se.nyckelfri.lock.protocol.cose;

/** Why a COSE_Sign1 message was not accepted. */
public enum CoseRejection {
    /** Not a single tagged COSE_Sign1 of the expected shape (bad CBOR, trailing bytes, wrong structure). */
    MALFORMED,
    /** The protected header names another algorithm than ES256, or headers carry anything unexpected. */
    UNSUPPORTED_ALGORITHM,
    /** No trusted key has this key id. */
    UNKNOWN_KEY,
    /** The signature does not verify with the key. */
    BAD_SIGNATURE
}
