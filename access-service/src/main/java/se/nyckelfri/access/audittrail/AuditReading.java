package se.nyckelfri.access.audittrail;

import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.overload.ExpensiveRead;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.system.OrdinaryDates;
import se.nyckelfri.access.system.PlainTextStrings;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.audit.http.TrustedKeys;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.SignedNote;
import se.nyckelfri.audit.store.MerkleAuditLog;

/**
 * Reading the audit log, for auditors, whichever way they come (the REST API or the web console). Only auditors and
 * administrators may; every read is appended to the log itself before it is answered, in the reader's
 * transaction, so a read that is not recorded is not answered. Thread-safe.
 */
@Service
public class AuditReading {

    /** The longest search term: as long as the longest id or pseudonym an entry holds, so nothing real is cut off. */
    static final int MAX_TERM = AuditEvent.MAX_TEXT;

    /** The log answers searches and proofs, and records each read of it in itself. */
    private final MerkleAuditLog log;
    private final ScopeGuard guard;
    private final TrustedKeys keys;

    AuditReading(MerkleAuditLog log, ScopeGuard guard, TrustedKeys keys) {
        this.log = log;
        this.guard = guard;
        this.keys = keys;
    }

    /** One page of a search, and the index to continue after (null: no more). */
    public record Page(List<AuditRecord> records, Long nextAfter) { }

    /**
     * What the server checked about one entry: that its hash is included in the newest checkpoint's tree (by the
     * proof), and which of the trusted keys (the log's and its witness's) signed that checkpoint.
     */
    public record Verification(AuditRecord record, long treeSize, String rootHex, int proofLength, boolean included,
                               String failure, List<String> signedBy, boolean witnessed) {
        public boolean verified() {
            return included && witnessed;
        }
    }

    @ExpensiveRead
    @Transactional
    public Page search(Actor auditor, AuditTrail.Query query) {
        requireAuditor(auditor, "search");
        requireSearchable(query);
        // The search itself is recorded first; a resident searched for is personal data and so only committed.
        log.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym())
                .subject("audit_log", "search")
                .attribute("type", query.type()).attribute("subject_kind", query.subjectKind())
                .attribute("subject_id", query.subjectId()).attribute("actor", query.actor())
                .attribute("resident", query.resident()).attribute("outcome", query.outcome())
                .attribute("from", query.from()).attribute("until", query.until())
                .attribute("after", query.afterIndex()).build());
        List<AuditRecord> records = log.find(query);
        Long next = records.size() == query.limit() ? records.get(records.size() - 1).index() : null;
        return new Page(records, next);
    }

    /** Entry {@code index} as recorded, and its verification against the newest cosigned checkpoint. */
    @Transactional
    public Verification verify(Actor auditor, long index) {
        requireAuditor(auditor, "inclusion");
        log.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("audit_entry", index)
                .attribute("proof", "verified_view").build());
        MerkleAuditLog.Inclusion inclusion = log.inclusion(index)
                .orElseThrow(() -> new NotFoundException("checkpointed audit entry", index));
        AuditRecord record = log.find(new AuditTrail.Query(null, null, null, null, null, null, null, null, index - 1, 1))
                .stream().filter(r -> r.index() == index).findFirst()
                .orElseThrow(() -> new NotFoundException("audit entry", index));
        Checkpoint checkpoint;
        List<String> signers;
        try {
            SignedNote note = SignedNote.parse(inclusion.checkpoint());
            checkpoint = Checkpoint.parse(note.text());
            signers = note.verify(keys.all()).stream().map(v -> v.key().name()).toList();
        } catch (SignedNote.NoteException e) {
            return new Verification(record, inclusion.treeSize(), "", inclusion.proof().size(), false,
                    "checkpoint: " + e.getMessage(), List.of(), false);
        }
        Proofs.Result proof = Proofs.verifyInclusion(index, checkpoint.size(), inclusion.leafHash(), inclusion.proof(), checkpoint.root());
        String witnessName = keys.witness().name();
        return new Verification(record, checkpoint.size(), HexFormat.of().formatHex(checkpoint.root()),
                inclusion.proof().size(), proof.ok(), proof.ok() ? null : proof.reason(), signers,
                signers.contains(keys.log().name()) && signers.contains(witnessName));
    }

    /**
     * Refuses (400 naming the parameter) a search the database could not run or the log should not keep: a term
     * over {@value #MAX_TERM} characters or holding control, format or unpaired surrogate characters (NUL made
     * PostgreSQL fail the read as a conflict), a date outside years 1-9999. Checked before the search is recorded,
     * so what an {@code AUDIT_READ} entry keeps is bounded by these rules; a refused search is not a read.
     */
    private static void requireSearchable(AuditTrail.Query query) {
        requireTerm("type", query.type());
        requireTerm("subjectKind", query.subjectKind());
        requireTerm("subjectId", query.subjectId());
        requireTerm("actor", query.actor());
        requireTerm("resident", query.resident());
        requireTerm("outcome", query.outcome());
        OrdinaryDates.require("from", query.from());
        OrdinaryDates.require("until", query.until());
    }

    static void requireTerm(String field, String term) {
        if (term == null) {
            return;
        }
        if (term.length() > MAX_TERM) {
            throw new InvalidInputException(field, "must be at most " + MAX_TERM + " characters");
        }
        String problem = PlainTextStrings.problem(term, true);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
    }

    private void requireAuditor(Actor actor, String what) {
        if (actor.role() != Role.AUDITOR && actor.role() != Role.ADMIN) {
            guard.refuse(actor, "audit_log", what, "READ", "ROLE_" + actor.role().name());
        }
    }
}
