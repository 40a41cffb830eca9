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
    /** Revoked by the lock's revocation list: the credential itself, or its grant. */
    REVOKED(11),
    /** The device key an offline credential names is blocked (a lost or stolen phone, ended employment). */
    DEVICE_BLOCKED(12),
    /** An offline credential offered without a proof of possession (as an online unlock). */
    PROOF_REQUIRED(13),
    /** The proof of possession does not verify with the credential's device key, for this lock and challenge. */
    BAD_PROOF(14),
    /** An online credential offered as an offline one: it has no device key to prove. */
    NOT_DEVICE_BOUND(15),
    /** Issued before the revocation list's floor: everything older must be synced again. */
    SUPERSEDED(16);

    private final int code;

    CredentialRejection(int code) {
        this.code = code;
    }

    /** The stable numeric code used on the wire and in receipts. */
    public int code() {
        return code;
    }
}
