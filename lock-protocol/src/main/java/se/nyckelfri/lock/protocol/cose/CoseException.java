package se.nyckelfri.lock.protocol.cose;

/** A COSE_Sign1 message was refused, for {@link #rejection()}. */
public final class CoseException extends Exception {

    private final CoseRejection rejection;

    public CoseException(CoseRejection rejection, String message) {
        super(message);
        this.rejection = rejection;
    }

    public CoseRejection rejection() {
        return rejection;
    }
}
