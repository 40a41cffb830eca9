package se.nyckelfri.access.grant;

/** How a grant's validity is expressed. */
public enum GrantKind {
    /** Weekly windows, within an optional overall validity period. */
    RECURRING,
    /** One date-time range. */
    ONE_OFF,
    /** One planned visit, open from {@code tolerance} before to {@code tolerance} after its time. */
    PLANNED_VISIT
}
