package se.nyckelfri.access.actor;

/** An action on something outside the caller's care units, already recorded in the audit log; answered 403. */
public class OutOfScopeException extends RuntimeException {

    public OutOfScopeException(String subjectKind) {
        super("This " + subjectKind.replace('_', ' ') + " is outside your care units.");
    }
}
