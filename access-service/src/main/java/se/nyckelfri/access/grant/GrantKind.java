package se.nyckelfri.access.grant;

/** How a grant's validity is expressed. */
public enum GrantKind {
    /** Weekly windows, within an optional overall validity period. */
    RECURRING,
    /** One date-time range. */
    ONE_OFF,
    /** One planned visit, open from {@code tolerance} before to {@code tolerance} after its time. */
    PLANNED_VISIT,
    /**
     * No visiting windows at all: the door opens for this grant only through an emergency opening (an alarm
     * responder's, a night patrol's), within an optional overall validity period. An ordinary unlock under it is
     * refused with {@code EMERGENCY_ONLY}.
     */
    EMERGENCY_ONLY
}
