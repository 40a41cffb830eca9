package se.nyckelfri.access.grant.policy;

/** Why a door stays shut, most fundamental first: the first that applies is the one given. */
public enum DenyReason {
    /** No lock with this id. */
    UNKNOWN_LOCK,
    /** No staff member with this id. */
    UNKNOWN_STAFF,
    /** The lock is not active (still only commissioned, or decommissioned). */
    LOCK_INACTIVE,
    /** The staff member's employment has ended. */
    STAFF_INACTIVE,
    /** No grant, personal or for the staff member's care unit, to any resident behind this door. */
    NO_GRANT,
    /** There were grants, and every one of them has been revoked. */
    REVOKED,
    /** The grants that remain are for residents without an active consent to digital locks. */
    NO_CONSENT,
    /** Every remaining grant has ended for good. */
    EXPIRED,
    /** Every remaining grant is still to begin (a substitute's grant from tomorrow, a visit later today). */
    NOT_YET_VALID,
    /**
     * Every grant that remains is for emergencies only (an alarm responder's): the door opens for it only through an
     * emergency opening, which is recorded as one and reviewed.
     */
    EMERGENCY_ONLY,
    /** A grant remains, but not for this moment. */
    OUTSIDE_WINDOW
}
