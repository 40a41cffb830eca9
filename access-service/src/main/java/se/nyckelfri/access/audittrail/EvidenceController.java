package se.nyckelfri.access.audittrail;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/**
 * The signed evidence behind the log, for auditors: a lock's key, receipts and credentials with the entries that
 * commit to them ({@link OpeningEvidence}); single receipts and credentials as raw COSE_Sign1
 * ({@code application/cose; cose-type="cose-sign1"}, RFC 9052 section 2).
 */
@RestController
@RequestMapping("/api/v1/audit/evidence")
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class EvidenceController {

    static final MediaType COSE_SIGN1 = MediaType.parseMediaType("application/cose; cose-type=\"cose-sign1\"");

    private final OpeningEvidence evidence;

    EvidenceController(OpeningEvidence evidence) {
        this.evidence = evidence;
    }

    record Locks(java.util.List<UUID> locks) { }

    /** The locks with a receipt or an issued credential in the period. */
    @GetMapping("/locks")
    Locks locks(@RequestParam Instant from, @RequestParam Instant until, @AuthenticationPrincipal Actor auditor) {
        return new Locks(evidence.locks(auditor, from, until));
    }

    @GetMapping("/locks/{lockId}")
    OpeningEvidence.LockEvidence lock(@PathVariable UUID lockId, @RequestParam Instant from, @RequestParam Instant until,
                                      @RequestParam(defaultValue = "0") @Min(0) long afterCounter,
                                      @RequestParam(defaultValue = "100") @Min(1) @Max(OpeningEvidence.MAX_PAGE) int limit,
                                      @AuthenticationPrincipal Actor auditor) {
        return evidence.ofLock(auditor, lockId, from, until, afterCounter, limit);
    }

    @GetMapping("/locks/{lockId}/receipts/{counter}")
    ResponseEntity<byte[]> receipt(@PathVariable UUID lockId, @PathVariable @Min(1) long counter,
                                   @AuthenticationPrincipal Actor auditor) {
        return ResponseEntity.ok().contentType(COSE_SIGN1).body(evidence.receipt(auditor, lockId, counter));
    }

    @GetMapping("/credentials/{credentialId}")
    ResponseEntity<byte[]> credential(@PathVariable String credentialId, @AuthenticationPrincipal Actor auditor) {
        return ResponseEntity.ok().contentType(COSE_SIGN1).body(evidence.credential(auditor, credentialId));
    }
}
