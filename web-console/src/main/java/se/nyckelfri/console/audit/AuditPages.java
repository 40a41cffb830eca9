package se.nyckelfri.console.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import se.nyckelfri.access.audittrail.AuditReading;
import se.nyckelfri.access.audittrail.AuditorSearch;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.console.system.ConsoleTime;
import se.nyckelfri.console.system.ConsoleActors;

/**
 * The auditor's view of the audit log: search, newest first with a total, by resident (their door's openings
 * included), person, lock or door, and a look-up of people by name (each recorded by {@link AuditorSearch}, as through
 * the API), one entry with its inclusion in the newest cosigned checkpoint checked on the server, and a resident's
 * log extract (GDPR art. 15) to download.
 */
@Controller
@RequestMapping("/console/audit")
class AuditPages {

    static final int PAGE_SIZE = 50;
    static final List<String> TYPES = List.of("UNLOCK_DENIED", "CREDENTIAL_ISSUED", "LOCK_RECEIPT", "EMERGENCY_ACCESS",
            "EMERGENCY_UNLOCK_DENIED", "UNLOCK_RATE_LIMITED", "RELOCK_DENIED", "GRANT_CREATED", "GRANT_REVOKED",
            "CONSENT_RECORDED", "CONSENT_WITHDRAWN", "ACCESS_REFUSED",
            "AUDIT_READ", "RESIDENT_REGISTERED", "RESIDENT_LOOKUP", "STAFF_ADDED", "EMPLOYMENT_ENDED", "LOCK_REGISTERED",
            "LOCK_STATE_CHANGED", "DOOR_REGISTERED", "DOOR_RESIDENTS_CHANGED", "GATEWAY_REGISTERED", "ACCOUNT_CREATED",
            "RESIDENT_EXTRACT", "VISITS_READ", "RESIDENT_CARE_UNIT_ADDED", "CARE_PROVIDER_CREATED", "CARE_UNIT_CREATED",
            "EMERGENCY_REVIEWED", "EMERGENCIES_READ", "SERVICE_REQUESTED", "SERVICE_REQUEST_APPROVED",
            "SERVICE_REQUEST_DECLINED", "RESIDENT_RENAMED");
    static final List<String> OUTCOMES = List.of("OPENED", "DENIED", "FAILED", "REFUSED", "ALLOWED", "FOUND", "FOUND_OUTSIDE_SCOPE", "NOT_FOUND");

    private final AuditReading reading;
    private final AuditorSearch searches;
    private final ExtractJobs jobs;
    private final ConsoleActors actors;

    AuditPages(AuditReading reading, AuditorSearch searches, ExtractJobs jobs, ConsoleActors actors) {
        this.reading = reading;
        this.searches = searches;
        this.jobs = jobs;
        this.actors = actors;
    }

    /** One entry as the results list shows it. */
    public record Row(long index, String recordedAt, String type, String actor, String subject, String outcome, String reason) {
        static Row of(AuditRecord r) {
            AuditEvent e = r.event();
            String subject = e.subjectKind() == null ? "" : e.subjectKind() + (e.subjectId() == null || e.subjectId().isEmpty() ? "" : " " + e.subjectId());
            return new Row(r.index(), ConsoleTime.of(r.recordedAt()), e.type(), e.actor(), subject,
                    e.outcome() == null ? "" : e.outcome(), e.reason() == null ? "" : e.reason());
        }
    }

    @GetMapping
    String form(Model model) {
        return page(new AuditSearchForm(), null, model);
    }

    @PostMapping("/search")
    String search(@ModelAttribute("search") AuditSearchForm search, Authentication authentication, Model model) {
        AuditorSearch.Result found;
        try {
            found = searches.search(actors.current(authentication), new AuditorSearch.Criteria(blank(search.getType()),
                    blank(search.getOutcome()), instant(search.getFrom()), instant(search.getUntil()), blank(search.getResident()),
                    blank(search.getActor()), blank(search.getLock()), search.getBefore(), PAGE_SIZE));
        } catch (InvalidInputException e) {
            model.addAttribute("error", "lockOrDoor".equals(e.field()) ? "audit.error.lock" : "audit.error.term");
            return page(search, null, model);
        }
        return page(search, found, model);
    }

    /** Finds residents and staff by name, to search the log by their pseudonym; the look-up is recorded. */
    @PostMapping("/people")
    String people(@RequestParam String name, Authentication authentication, Model model) {
        model.addAttribute("lookupName", name);
        try {
            model.addAttribute("people", searches.lookUp(actors.current(authentication), name));
        } catch (InvalidInputException e) {
            model.addAttribute("error", "audit.lookup.error");
        }
        return page(new AuditSearchForm(), null, model);
    }

    @GetMapping("/entries/{index}")
    String entry(@PathVariable long index, Authentication authentication, Model model) {
        AuditReading.Verification verification = reading.verify(actors.current(authentication), index);
        AuditEvent e = verification.record().event();
        model.addAttribute("row", Row.of(verification.record()));
        model.addAttribute("attributes", e.attributes() == null ? Map.of() : e.attributes());
        model.addAttribute("verification", verification);
        return "console/audit-entry";
    }

    /** Starts a resident's log extract (CSV or PDF); making it is recorded in the audit log. Its page shows progress. */
    @PostMapping("/extract")
    String extract(@RequestParam String resident, @RequestParam(defaultValue = "false") boolean includeNames,
                   @RequestParam(defaultValue = "pdf") String format, Authentication authentication, Locale locale) {
        if (!"pdf".equals(format) && !"csv".equals(format)) {
            throw new IllegalArgumentException("format must be pdf or csv");
        }
        ExtractJobs.Job job = jobs.start(actors.current(authentication), resident.strip(), includeNames, "pdf".equals(format), locale);
        return "redirect:/console/audit/extracts/" + job.id;
    }

    @GetMapping("/extracts/{id}")
    String extractProgress(@PathVariable UUID id, Authentication authentication, Model model) {
        ExtractJobs.Job job = jobs.find(actors.current(authentication), id).orElseThrow(() -> new NotFoundException("extract", id));
        model.addAttribute("job", new JobView(job.id, job.state.name(), job.read.get(), job.writing, job.lines));
        return "console/extract";
    }

    /** How far an extract has come, for the page's script: {"state": "RUNNING", "read": 1200, "writing": false}. */
    @GetMapping(value = "/extracts/{id}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> extractStatus(@PathVariable UUID id, Authentication authentication) {
        ExtractJobs.Job job = jobs.find(actors.current(authentication), id).orElseThrow(() -> new NotFoundException("extract", id));
        return Map.of("state", job.state.name(), "read", job.read.get(), "writing", job.writing);
    }

    @GetMapping("/extracts/{id}/file")
    ResponseEntity<byte[]> extractFile(@PathVariable UUID id, Authentication authentication) {
        ExtractJobs.Job job = jobs.find(actors.current(authentication), id)
                .filter(j -> j.state == ExtractJobs.State.DONE).orElseThrow(() -> new NotFoundException("extract", id));
        return ResponseEntity.ok()
                .contentType(job.pdf ? MediaType.APPLICATION_PDF : new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(job.fileName).build().toString())
                .cacheControl(CacheControl.noStore())
                .body(job.file);
    }

    /** An extract job as its page shows it. */
    public record JobView(UUID id, String state, int read, boolean writing, int lines) { }

    private String page(AuditSearchForm search, AuditorSearch.Result found, Model model) {
        model.addAttribute("search", search);
        model.addAttribute("types", TYPES);
        model.addAttribute("outcomes", OUTCOMES);
        if (found != null) {
            model.addAttribute("rows", found.found().records().stream().map(Row::of).toList());
            model.addAttribute("total", found.found().total());
            model.addAttribute("totalIsAtLeast", found.found().totalIsAtLeast());
            model.addAttribute("nextBefore", found.nextBefore());
        }
        return "console/audit";
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant instant(LocalDateTime local) {
        return local == null ? null : local.atZone(Schedule.ZONE).toInstant();
    }
}
