package se.nyckelfri.access.grant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.system.InvalidInputException;

/** Grants and their revocation. */
@RestController
@RequestMapping("/api/v1/grants")
@PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
class GrantController {

    private final GrantService service;

    GrantController(GrantService service) {
        this.service = service;
    }

    /** Weekly windows in Europe/Stockholm wall-clock time, the same on each of {@code days}. */
    record WindowSpec(@NotEmpty Set<@NotNull DayOfWeek> days, @NotNull LocalTime start, @NotNull LocalTime end) { }

    record NewGrant(@NotNull UUID residentId, UUID staffMemberId, UUID careUnitId, @NotNull GrantKind kind,
                    List<@Valid WindowSpec> windows, Instant validFrom, Instant validUntil, Instant visitAt,
                    Integer toleranceMinutes, @NotBlank @Size(max = 500) String purpose) { }

    record WindowView(DayOfWeek day, LocalTime start, LocalTime end) { }

    record GrantView(UUID id, UUID residentId, UUID staffMemberId, UUID careUnitId, GrantKind kind,
                     List<WindowView> windows, String timeZone, Instant validFrom, Instant validUntil, Instant visitAt,
                     Integer toleranceMinutes, String purpose, String grantedBy, Instant grantedAt, boolean revoked,
                     Instant revokedAt, String revokedBy, String revokeReason, long version) {
        static GrantView of(AccessGrant g) {
            return new GrantView(g.getId(), g.getResidentId(), g.getStaffMemberId(), g.getCareUnitId(), g.getKind(),
                    g.getWindows().stream().map(w -> new WindowView(w.day(), w.start(), w.end())).toList(),
                    Schedule.ZONE.getId(), g.getValidFrom(), g.getValidUntil(), g.getVisitAt(), g.getToleranceMinutes(),
                    g.getPurpose(), g.getGrantedBy(), g.getGrantedAt(), g.isRevoked(), g.getRevokedAt(),
                    g.getRevokedBy(), g.getRevokeReason(), g.getVersion());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    GrantView grant(@Valid @RequestBody NewGrant body, @AuthenticationPrincipal Actor actor) {
        if ((body.staffMemberId() == null) == (body.careUnitId() == null)) {
            throw new InvalidInputException("staffMemberId", "give exactly one of staffMemberId and careUnitId");
        }
        List<WeeklyWindow> windows = body.windows() == null ? List.of() : body.windows().stream()
                .flatMap(spec -> spec.days().stream().sorted().map(day -> new WeeklyWindow(day, spec.start(), spec.end())))
                .distinct().toList();
        return GrantView.of(service.grant(actor, new GrantService.GrantRequest(body.residentId(),
                new AccessGrant.Grantee(body.staffMemberId(), body.careUnitId()), body.kind(), windows,
                body.validFrom(), body.validUntil(), body.visitAt(), body.toleranceMinutes(), body.purpose())));
    }

    @GetMapping("/{id}")
    GrantView get(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
        return GrantView.of(service.get(actor, id));
    }

    /** The grants of one resident or of one staff member (give exactly one). */
    @GetMapping
    List<GrantView> list(@RequestParam(required = false) UUID residentId,
                         @RequestParam(required = false) UUID staffMemberId, @AuthenticationPrincipal Actor actor) {
        if ((residentId == null) == (staffMemberId == null)) {
            throw new InvalidInputException("residentId", "give exactly one of residentId and staffMemberId");
        }
        List<AccessGrant> found = residentId != null ? service.forResident(actor, residentId)
                : service.forStaff(actor, staffMemberId);
        return found.stream().map(GrantView::of).toList();
    }

    record Revocation(@NotBlank @Size(max = 500) String reason) { }

    @PostMapping("/{id}/revoke")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    GrantView revoke(@PathVariable UUID id, @Valid @RequestBody Revocation body, @AuthenticationPrincipal Actor actor) {
        return GrantView.of(service.revoke(actor, id, body.reason()));
    }
}
