package se.nyckelfri.audit.http;

import java.security.Principal;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.store.Checkpointer;
import se.nyckelfri.audit.store.MerkleAuditLog;

/**
 * Proofs for auditors: an entry's inclusion in the newest cosigned checkpoint (as JSON, or as a C2SP tlog-proof bundle
 * to verify offline), and consistency between two tree sizes. Every request is itself recorded, in the request's
 * transaction, under the caller's name (the account pseudonym the API's authentication gives), before it is answered.
 */
@RestController
@RequestMapping(LogEndpoints.ROOT)
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class ProofController {

    /** The log serves the proofs and records each read of them in itself. */
    private final MerkleAuditLog log;

    ProofController(MerkleAuditLog log) {
        this.log = log;
    }

    record Inclusion(long index, String entry, String leafHash, long treeSize, List<String> proof, String checkpoint) { }

    record Consistency(long size1, long size2, List<String> proof) { }

    @GetMapping("/entries/{index}/inclusion")
    @Transactional
    Inclusion inclusion(@PathVariable long index, Principal auditor) {
        MerkleAuditLog.Inclusion found = included(index, "inclusion", auditor);
        return new Inclusion(index, b64(found.entry()), b64(found.leafHash()), found.treeSize(),
                found.proof().stream().map(ProofController::b64).toList(), found.checkpoint());
    }

    /** C2SP tlog-proof@v1: index, inclusion proof lines, blank line, the cosigned checkpoint; the entry as extra data. */
    @GetMapping(value = "/entries/{index}/tlog-proof", produces = MediaType.TEXT_PLAIN_VALUE)
    @Transactional
    String tlogProof(@PathVariable long index, Principal auditor) {
        MerkleAuditLog.Inclusion found = included(index, "tlog_proof", auditor);
        StringBuilder out = new StringBuilder("c2sp.org/tlog-proof@v1\n");
        out.append("extra ").append(b64(found.entry())).append('\n');
        out.append("index ").append(index).append('\n');
        found.proof().forEach(h -> out.append(b64(h)).append('\n'));
        return out.append('\n').append(found.checkpoint()).toString();
    }

    @GetMapping("/consistency")
    @Transactional
    Consistency consistency(@RequestParam long from, @RequestParam long to, Principal auditor) {
        log.append(AuditEvent.of("AUDIT_READ", auditor.getName()).subject("audit_log", "consistency")
                .attribute("from", from).attribute("to", to).build());
        long published = log.latestCheckpoint().map(Checkpointer.Published::size).orElse(0L);
        if (from < 1 || from > to || to > published) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Sizes must satisfy 1 <= from <= to <= " + published + ".");
        }
        return new Consistency(from, to, log.consistencyProof(from, to).stream().map(ProofController::b64).toList());
    }

    /** Records the read, then the entry's inclusion; 400 for a negative index, 404 while no checkpoint covers it. */
    private MerkleAuditLog.Inclusion included(long index, String form, Principal auditor) {
        if (index < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The index must be 0 or more.");
        }
        log.append(AuditEvent.of("AUDIT_READ", auditor.getName()).subject("audit_entry", index).attribute("proof", form).build());
        return log.inclusion(index).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No published checkpoint covers audit entry " + index + " yet."));
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
