package se.nyckelfri.access.visits;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;

/** Planned versus actual for a care unit's day, for managers' own tools: the same as the console's page, recorded alike. */
@RestController
@RequestMapping("/api/v1/care-units/{careUnitId}/visits")
@PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
class VisitsController {

    private final PlannedVisits visits;

    VisitsController(PlannedVisits visits) {
        this.visits = visits;
    }

    record WindowView(DayOfWeek day, LocalTime start, LocalTime end) { }

    record PlannedView(UUID grantId, UUID staffMemberId, UUID careUnitId, GrantKind kind, List<WindowView> windows,
                       Instant validFrom, Instant validUntil, Instant revokedAt, String purpose) {
        static PlannedView of(AccessGrant g) {
            return new PlannedView(g.getId(), g.getStaffMemberId(), g.getCareUnitId(), g.getKind(),
                    g.getWindows().stream().map(w -> new WindowView(w.day(), w.start(), w.end())).toList(),
                    g.getValidFrom(), g.getValidUntil(), g.getRevokedAt(), g.getPurpose());
        }
    }

    record DayView(UUID residentId, String name, List<PlannedView> planned, List<PlannedVisits.Opening> openings,
                   boolean anyUncovered) { }

    /** Each resident's grants in force on {@code date} (Stockholm) next to the openings their door's lock reported. */
    @GetMapping
    List<DayView> day(@PathVariable UUID careUnitId, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                      @AuthenticationPrincipal Actor manager) {
        return visits.day(manager, careUnitId, date).stream()
                .map(d -> new DayView(d.residentId(), d.name(), d.planned().stream().map(PlannedView::of).toList(),
                        d.openings(), d.anyUncovered()))
                .toList();
    }
}
