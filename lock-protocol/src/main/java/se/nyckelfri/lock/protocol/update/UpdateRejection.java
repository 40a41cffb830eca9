package se.nyckelfri.lock.protocol.update;

/**
 * Why a lock refuses an update; carried as the reason in the lock's signed {@code UPDATE_REFUSED} receipt (codes
 * 201 and up, apart from credential rejections and the lock's own reasons).
 */
public enum UpdateRejection {
    /** Not an update of the expected kind and shape. */
    MALFORMED(201),
    /** Not ES256, or not the one COSE shape. */
    UNSUPPORTED_ALGORITHM(202),
    /** Signed by a key the lock does not trust for this kind of update. */
    UNKNOWN_SIGNER(203),
    BAD_SIGNATURE(204),
    /** A trust-anchor update not signed by the lock's trust root (an issuer key cannot change what is trusted). */
    NOT_SIGNED_BY_ROOT(205),
    /** A version not newer than the one the lock holds: no rollback, no replay. */
    ROLLBACK(206),
    /** More entries than the lock keeps; it keeps the list it has. */
    TOO_MANY_ENTRIES(207),
    /** The lock was commissioned without a trust root, so its issuer keys cannot change. */
    NO_TRUST_ROOT(208),
    /** A time update that does not answer one of the lock's outstanding challenges (an old one replayed). */
    STALE_CHALLENGE(209),
    /** A time update for another lock. */
    WRONG_LOCK(210);

    private final int code;

    UpdateRejection(int code) {
        this.code = code;
    }

    /** The stable numeric code used in receipts. */
    public int code() {
        return code;
    }
}
