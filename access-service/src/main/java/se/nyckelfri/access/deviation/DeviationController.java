package se.nyckelfri.access.deviation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/** Managers follow up their units' deviations (acknowledge, record an action, close); auditors read them all. */
@RestController
class DeviationController {

    private final DeviationService service;

    DeviationController(DeviationService service) {
        this.service = service;
    }

    @GetMapping("/api/v1/deviations")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
    List<DeviationView> list(@AuthenticationPrincipal Actor actor) {
        return service.list(actor).stream().map(DeviationView::of).toList();
    }

    record Step(@NotNull Long version, @Size(max = DeviationService.MAX_TEXT) String action) { }

    @PostMapping("/api/v1/deviations/{deviationId}/acknowledge")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    DeviationView acknowledge(@PathVariable UUID deviationId, @Valid @RequestBody Step body, @AuthenticationPrincipal Actor actor) {
        return DeviationView.of(service.row(service.handle(actor, deviationId, DeviationService.Step.ACKNOWLEDGE, null, body.version())));
    }

    @PostMapping("/api/v1/deviations/{deviationId}/action")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    DeviationView action(@PathVariable UUID deviationId, @Valid @RequestBody Step body, @AuthenticationPrincipal Actor actor) {
        return DeviationView.of(service.row(service.handle(actor, deviationId, DeviationService.Step.ACTION, body.action(), body.version())));
    }

    @PostMapping("/api/v1/deviations/{deviationId}/close")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    DeviationView close(@PathVariable UUID deviationId, @Valid @RequestBody Step body, @AuthenticationPrincipal Actor actor) {
        return DeviationView.of(service.row(service.handle(actor, deviationId, DeviationService.Step.CLOSE, null, body.version())));
    }
}
