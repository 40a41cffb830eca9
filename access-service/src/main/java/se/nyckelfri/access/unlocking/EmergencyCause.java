package se.nyckelfri.access.unlocking;

/**
 * Why a door is opened in an emergency, as the staff member chooses it in the app: a closed list, so that no free
 * text (which could name someone or describe their health) goes into the audit log.
 */
public enum EmergencyCause {
    /** The resident's safety alarm (trygghetslarm) went off. */
    ALARM,
    /** The resident does not answer at a planned visit. */
    NO_ANSWER,
    /** Smoke, fire or water. */
    FIRE_OR_SMOKE,
    /** Something else that cannot wait; the staff member reports it to their manager. */
    OTHER
}
