package se.nyckelfri.access.audittrail;

import jakarta.validation.constraints.Min;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.store.Checkpointer;
import se.nyckelfri.audit.store.MerkleAuditLog;

/**
 * Proofs for auditors: an entry's inclusion in the newest cosigned checkpoint (as JSON, or as a C2SP tlog-proof
 * bundle to verify offline), and consistency between two tree sizes. Every request is itself recorded.
 */
@RestController
@RequestMapping("/api/v1/audit-log")
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class AuditProofController {

    private final MerkleAuditLog log;
    private final AuditLog audit;

    AuditProofController(MerkleAuditLog log, AuditLog audit) {
        this.log = log;
        this.audit = audit;
    }

    record Inclusion(long index, String entry, String leafHash, long treeSize, List<String> proof, String checkpoint) { }

    record Consistency(long size1, long size2, List<String> proof) { }

    @GetMapping("/entries/{index}/inclusion")
    @Transactional
    Inclusion inclusion(@PathVariable @Min(0) long index, @AuthenticationPrincipal Actor auditor) {
        record(auditor, "inclusion", index);
        Checkpointer.Published checkpoint = covering(index);
        byte[] entry = log.entryBytes(index).orElseThrow();
        return new Inclusion(index, b64(entry), b64(Hashes.leaf(entry)), checkpoint.size(),
                log.inclusionProof(index, checkpoint.size()).stream().map(AuditProofController::b64).toList(), checkpoint.note());
    }

    /** C2SP tlog-proof@v1: index, inclusion proof lines, blank line, the cosigned checkpoint; the entry as extra data. */
    @GetMapping(value = "/entries/{index}/tlog-proof", produces = MediaType.TEXT_PLAIN_VALUE)
    @Transactional
    String tlogProof(@PathVariable @Min(0) long index, @AuthenticationPrincipal Actor auditor) {
        record(auditor, "tlog_proof", index);
        Checkpointer.Published checkpoint = covering(index);
        StringBuilder out = new StringBuilder("c2sp.org/tlog-proof@v1\n");
        out.append("extra ").append(b64(log.entryBytes(index).orElseThrow())).append('\n');
        out.append("index ").append(index).append('\n');
        log.inclusionProof(index, checkpoint.size()).forEach(h -> out.append(b64(h)).append('\n'));
        return out.append('\n').append(checkpoint.note()).toString();
    }

    @GetMapping("/consistency")
    @Transactional
    Consistency consistency(@RequestParam @Min(1) long from, @RequestParam @Min(1) long to, @AuthenticationPrincipal Actor auditor) {
        audit.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("audit_log", "consistency")
                .attribute("from", from).attribute("to", to).build());
        long published = log.latestCheckpoint().map(Checkpointer.Published::size).orElse(0L);
        if (from > to || to > published) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Sizes must satisfy 1 <= from <= to <= " + published + ".");
        }
        return new Consistency(from, to, log.consistencyProof(from, to).stream().map(AuditProofController::b64).toList());
    }

    private void record(Actor auditor, String what, long index) {
        audit.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("audit_entry", index)
                .attribute("proof", what).build());
    }

    private Checkpointer.Published covering(long index) {
        Checkpointer.Published checkpoint = log.latestCheckpoint()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No checkpoint has been published yet."));
        if (index >= checkpoint.size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Entry " + index + " is not in the newest checkpoint yet.");
        }
        return checkpoint;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
