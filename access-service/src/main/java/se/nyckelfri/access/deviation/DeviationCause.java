package se.nyckelfri.access.deviation;

/** What went wrong, as the staff member chooses it in the app: a closed list, so the audit log holds no free text. */
public enum DeviationCause {
    DOOR_DID_NOT_OPEN, DOOR_DID_NOT_LOCK, LOCK_BATTERY, BOLT_JAMMED, NO_CONNECTION, APP_PROBLEM, OTHER
}
