package se.nyckelfri.lock.protocol.credential;

/** Why a lock refuses a credential; carried as the reason in the lock's signed denial receipt. */
public enum CredentialRejection {
    MALFORMED(1),
    UNSUPPORTED_ALGORITHM(2),
    UNKNOWN_ISSUER_KEY(3),
    BAD_SIGNATURE(4),
    WRONG_LOCK(5),
    NOT_YET_VALID(6),
    EXPIRED(7),
    LIFETIME_TOO_LONG(8),
    NONCE_MISMATCH(9),
    REPLAYED(10),
    REVOKED(11);

    private final int code;

    CredentialRejection(int code) {
        this.code = code;
    }

    /** The stable numeric code used on the wire and in receipts. */
    public int code() {
        return code;
    }
}
