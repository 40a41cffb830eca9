package se.nyckelfri.access.actor;

/** What a signed-in person is for. */
public enum Role {
    /** Home-care staff: open the doors of residents they are granted. */
    STAFF,
    /** Care-unit manager: administers the residents, staff and grants of their own care units only. */
    MANAGER,
    /** Reads everything, changes nothing; every read of the audit log is itself recorded. */
    AUDITOR,
    /** Administers the organisation: providers, units, accounts. */
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
