package se.nyckelfri.access.audittrail;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;

/** Searching the audit log, for auditors. Reading is an audited act: the search is appended before it is answered. */
@RestController
@RequestMapping("/api/v1/audit-records")
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class AuditTrailController {

    private final AuditReading reading;

    AuditTrailController(AuditReading reading) {
        this.reading = reading;
    }

    record RecordView(long index, Instant recordedAt, String type, String actor, String subjectKind, String subjectId,
                      String outcome, String reason, Map<String, String> attributes) {
        static RecordView of(AuditRecord r) {
            AuditEvent e = r.event();
            return new RecordView(r.index(), r.recordedAt(), e.type(), e.actor(), e.subjectKind(), e.subjectId(),
                    e.outcome(), e.reason(), e.attributes());
        }
    }

    record Page(List<RecordView> records, Long nextAfter) { }

    @GetMapping
    Page search(@RequestParam(required = false) String type, @RequestParam(required = false) String subjectKind,
                @RequestParam(required = false) String subjectId, @RequestParam(required = false) String actor,
                @RequestParam(required = false) String resident, @RequestParam(required = false) String outcome,
                @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant until,
                @RequestParam(defaultValue = "-1") @Min(-1) long after,
                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                @AuthenticationPrincipal Actor auditor) {
        AuditReading.Page page = reading.search(auditor, new AuditTrail.Query(type, subjectKind, subjectId, actor, resident,
                outcome, from, until, after, limit));
        List<RecordView> records = page.records().stream().map(RecordView::of).toList();
        Long next = page.nextAfter();
        return new Page(records, next);
    }
}
