package se.nyckelfri.audit.entry;

/** Stored bytes that are not a valid entry; the message says what is wrong and where. */
public final class EntryException extends Exception {
    public EntryException(String message) {
        super(message);
    }
}
