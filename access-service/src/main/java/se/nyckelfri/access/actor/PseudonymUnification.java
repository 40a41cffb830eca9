package se.nyckelfri.access.actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * One pseudonym per person. Staff accounts made before that rule had a pseudonym of their own, different from their
 * staff member's, so the log named the same person two ways (the account's on openings, the member's on
 * {@code STAFF_ADDED} and in the staff API). At start this gives each such account its member's pseudonym and
 * records the link in the log ({@code ACCOUNT_PSEUDONYM_UNIFIED}, subject the old pseudonym, attribute {@code staff}
 * the new one), in one transaction per account, so that an auditor can attribute the entries made under the old one.
 * Nothing to do, nothing recorded, on a database made after the rule.
 */
@Component
@Order(0)
public class PseudonymUnification implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PseudonymUnification.class);

    private final Accounts accounts;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    PseudonymUnification(Accounts accounts, AuditLog audit, TransactionTemplate transactions) {
        this.accounts = accounts;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        unify();
    }

    /** Gives every divergent staff account its member's pseudonym, recording each link; how many there were. */
    public int unify() {
        var divergent = accounts.divergent();
        for (Accounts.Divergent account : divergent) {
            transactions.executeWithoutResult(status -> {
                audit.append(AuditEvent.of("ACCOUNT_PSEUDONYM_UNIFIED", "system").subject("account", account.accountPseudonym())
                        .attribute("staff", account.staffPseudonym()).build());
                accounts.renamePseudonym(account.subject(), account.accountPseudonym(), account.staffPseudonym());
            });
        }
        if (!divergent.isEmpty()) {
            log.info("Gave {} staff account(s) their staff member's pseudonym; each link is in the audit log "
                    + "(ACCOUNT_PSEUDONYM_UNIFIED)", divergent.size());
        }
        return divergent.size();
    }
}
