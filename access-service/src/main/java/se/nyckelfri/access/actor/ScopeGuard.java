package se.nyckelfri.access.actor;

import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * Keeps managers inside their own care units. A refusal is appended to the audit log in a transaction of its
 * own, so it stays recorded although the refused request changes nothing. Thread-safe.
 */
@Component
public class ScopeGuard {

    private final AuditLog audit;
    private final TransactionTemplate separateTransaction;

    ScopeGuard(AuditLog audit, PlatformTransactionManager transactions) {
        this.audit = audit;
        this.separateTransaction = new TransactionTemplate(transactions);
        this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
     * Records a refused action in a transaction of its own. The subject and action may come from the refused request
     * itself (its path, say), so they are recorded in bounded form: a refusal must never fail to be recorded because
     * of what the refused client sent.
     */
    void record(String actorPseudonym, String subjectKind, String subjectId, String action, String reason) {
        separateTransaction.executeWithoutResult(status -> audit.append(AuditEvent.of("ACCESS_REFUSED", actorPseudonym)
                .subject(subjectKind, AuditEvent.boundedText(subjectId))
                .outcome("REFUSED", reason)
                .attribute("action", AuditEvent.boundedText(action))
                .build()));
    }
}
