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
    private final AuditReading reading;

    AuditProofController(MerkleAuditLog log, AuditLog audit, AuditReading reading) {
        this.log = log;
        this.audit = audit;
        this.reading = reading;
    }

    record Inclusion(long index, String entry, String leafHash, long treeSize, List<String> proof, String checkpoint) { }

    record Consistency(long size1, long size2, List<String> proof) { }

    @GetMapping("/entries/{index}/inclusion")
    Inclusion inclusion(@PathVariable @Min(0) long index, @AuthenticationPrincipal Actor auditor) {
        AuditReading.Inclusion found = reading.inclusion(auditor, index, "inclusion");
        return new Inclusion(index, b64(found.entry()), b64(found.leafHash()), found.treeSize(),
                found.proof().stream().map(AuditProofController::b64).toList(), found.checkpoint());
    }

    /** C2SP tlog-proof@v1: index, inclusion proof lines, blank line, the cosigned checkpoint; the entry as extra data. */
    @GetMapping(value = "/entries/{index}/tlog-proof", produces = MediaType.TEXT_PLAIN_VALUE)
    String tlogProof(@PathVariable @Min(0) long index, @AuthenticationPrincipal Actor auditor) {
        AuditReading.Inclusion found = reading.inclusion(auditor, index, "tlog_proof");
        StringBuilder out = new StringBuilder("c2sp.org/tlog-proof@v1\n");
        out.append("extra ").append(b64(found.entry())).append('\n');
        out.append("index ").append(index).append('\n');
        found.proof().forEach(h -> out.append(b64(h)).append('\n'));
        return out.append('\n').append(found.checkpoint()).toString();
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

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
