package se.nyckelfri.access.audittrail;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
 * The auditor's search over HTTP ({@link AuditorSearch}): newest first with a total, by resident (openings at their
 * door included), person, lock or door; and the look-up by name, whose name travels in a body, never in an address.
 */
@RestController
@RequestMapping("/api/v1/audit")
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class AuditorSearchController {

    private final AuditorSearch search;

    AuditorSearchController(AuditorSearch search) {
        this.search = search;
    }

    record Page(List<AuditTrailController.RecordView> records, long total, boolean totalIsAtLeast, Long nextBefore,
                List<UUID> locks) { }

    @GetMapping("/search")
    Page search(@RequestParam(required = false) String type, @RequestParam(required = false) String outcome,
                @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant until,
                @RequestParam(required = false) String resident, @RequestParam(required = false) String person,
                @RequestParam(required = false) String lockOrDoor, @RequestParam(required = false) @Min(0) Long before,
                @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit, @AuthenticationPrincipal Actor auditor) {
        AuditorSearch.Result result = search.search(auditor, new AuditorSearch.Criteria(blank(type), blank(outcome), from, until,
                blank(resident), blank(person), blank(lockOrDoor), before, limit));
        return new Page(result.found().records().stream().map(AuditTrailController.RecordView::of).toList(),
                result.found().total(), result.found().totalIsAtLeast(), result.nextBefore(), result.locks());
    }

    record Lookup(@NotBlank @Size(min = 2, max = 100) String name) { }

    @PostMapping("/people-lookup")
    List<AuditorSearch.PersonFound> lookUp(@Valid @RequestBody Lookup body, @AuthenticationPrincipal Actor auditor) {
        return search.lookUp(auditor, body.name());
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
