package se.nyckelfri.access.staff;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/** Managers administer the staff of their own care units. */
@RestController
@RequestMapping("/api/v1/staff")
@PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
class StaffController {

    private final StaffService service;

    StaffController(StaffService service) {
        this.service = service;
    }

    record StaffView(UUID id, String pseudonym, UUID careUnitId, String displayName,
                     StaffMember.EmploymentStatus employmentStatus, Instant employmentEndedAt, long version) {
        static StaffView of(StaffMember m) {
            return new StaffView(m.getId(), m.getPseudonym(), m.getCareUnitId(), m.getDisplayName(),
                    m.getEmploymentStatus(), m.getEmploymentEndedAt(), m.getVersion());
        }
    }

    @GetMapping
    @Transactional(readOnly = true)
    List<StaffView> list(@RequestParam UUID careUnitId, @AuthenticationPrincipal Actor actor) {
        return service.ofUnit(actor, careUnitId).stream().map(StaffView::of).toList();
    }

    @GetMapping("/{id}")
    StaffView get(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
        return StaffView.of(service.get(actor, id));
    }

    record NewStaff(@NotNull UUID careUnitId, @NotBlank @Size(max = 200) String displayName) { }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    StaffView add(@Valid @RequestBody NewStaff body, @AuthenticationPrincipal Actor actor) {
        return StaffView.of(service.add(actor, body.careUnitId(), body.displayName()));
    }

    record StaffChange(@NotBlank @Size(max = 200) String displayName, @NotNull Long version) { }

    @PutMapping("/{id}")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    StaffView rename(@PathVariable UUID id, @Valid @RequestBody StaffChange body, @AuthenticationPrincipal Actor actor) {
        return StaffView.of(service.rename(actor, id, body.displayName(), body.version()));
    }

    record EmploymentEnd(@NotNull Long version) { }

    @PostMapping("/{id}/end-employment")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    StaffView endEmployment(@PathVariable UUID id, @Valid @RequestBody EmploymentEnd body,
                            @AuthenticationPrincipal Actor actor) {
        return StaffView.of(service.endEmployment(actor, id, body.version()));
    }
}
