package se.nyckelfri.access.audittrail;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/**
 * The auditors' review, as the console offers it, for their own tools: anomalies over the last days, and a resident's
 * log extract (GDPR art. 15). The same services and rules as the console's pages; each read is recorded.
 */
@RestController
@RequestMapping("/api/v1/audit")
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class AuditReviewController {

    private final Anomalies anomalies;
    private final ResidentExtracts extracts;

    AuditReviewController(Anomalies anomalies, ResidentExtracts extracts) {
        this.anomalies = anomalies;
        this.extracts = extracts;
    }

    /** Emergency openings, refusals, repeated refusals, openings without a credential, counter gaps. */
    @GetMapping("/anomalies")
    Anomalies.Report anomalies(@RequestParam(defaultValue = "7") @Min(1) @Max(90) int days,
                               @RequestParam(defaultValue = "false") boolean names,
                               @AuthenticationPrincipal Actor auditor) {
        return anomalies.lastDays(auditor, days, names);
    }

    /** The resident is named by pseudonym in the body, never in the address (addresses end up in logs). */
    record ExtractRequest(@NotBlank @Size(max = 100) String resident, boolean includeNames) { }

    @PostMapping("/resident-extracts")
    ResidentExtracts.Extract extract(@Valid @RequestBody ExtractRequest body, @AuthenticationPrincipal Actor auditor) {
        return extracts.extract(auditor, body.resident().strip(), body.includeNames(), "json");
    }
}
