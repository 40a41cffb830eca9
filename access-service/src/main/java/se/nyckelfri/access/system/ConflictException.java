package se.nyckelfri.access.system;

/** A request that contradicts the current state (already revoked, consent missing, ...); answered 409. */
public class ConflictException extends RuntimeException {

    private final String code;

    public ConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable machine-readable code such as {@code GRANT_ALREADY_REVOKED}. */
    public String code() {
        return code;
    }
}
