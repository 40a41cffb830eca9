package se.nyckelfri.access.actor;

import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * Keeps managers inside their own care units. A refusal is appended to the audit log durably and on its own, so it
 * stays recorded although the refused request changes nothing — through the sequencer's own connections, not a second
 * one of the request pool while the request holds one (with a pool of 20, twenty refused requests at once would each
 * hold one connection and wait for another). Thread-safe.
 */
@Component
public class ScopeGuard {

    private final AuditLog audit;

    ScopeGuard(AuditLog audit) {
        this.audit = audit;
    }

    /** Refuses (and records) unless {@code actor} administers one of {@code units}. */
    public void requireAdministers(Actor actor, Set<UUID> units, String subjectKind, Object subjectId, String action) {
        if (!actor.administers(units)) {
            refuse(actor, subjectKind, subjectId, action, "OUT_OF_SCOPE");
        }
    }

    /** Refuses (and records) unless {@code actor} may read something of one of {@code units}. */
    public void requireMayRead(Actor actor, Set<UUID> units, String subjectKind, Object subjectId) {
        if (!actor.mayRead(units)) {
            refuse(actor, subjectKind, subjectId, "READ", "OUT_OF_SCOPE");
        }
    }

    /** Records a refused action by {@code actor} and throws {@link OutOfScopeException}. */
    public void refuse(Actor actor, String subjectKind, Object subjectId, String action, String reason) {
        record(actor.pseudonym(), subjectKind, String.valueOf(subjectId), action, reason);
        throw new OutOfScopeException(subjectKind);
    }

    /**
     * Records a refused action on its own, durably, before the refusal is answered (without a second pooled
     * connection). The subject and action may come from the refused request itself (its path, say), so they are
     * recorded in bounded form: a refusal must never fail to be recorded because of what the refused client sent.
     */
    void record(String actorPseudonym, String subjectKind, String subjectId, String action, String reason) {
        audit.appendDurably(AuditEvent.of("ACCESS_REFUSED", actorPseudonym)
                .subject(subjectKind, AuditEvent.boundedText(subjectId))
                .outcome("REFUSED", reason)
                .attribute("action", AuditEvent.boundedText(action))
                .build());
    }
}
