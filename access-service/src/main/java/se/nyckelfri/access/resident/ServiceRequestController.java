package se.nyckelfri.access.resident;

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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/**
 * Asking to serve a resident that other care units serve, and deciding such requests. The personal identity
 * number travels in the body only; the asking unit sees the resident's id only once its request is approved.
 */
@RestController
@RequestMapping("/api/v1/service-requests")
@PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
class ServiceRequestController {

    private final ServiceRequestService service;

    ServiceRequestController(ServiceRequestService service) {
        this.service = service;
    }

    /** {@code residentId} and {@code residentPseudonym} are null for a caller who may not read the resident. */
    record ServiceRequestView(UUID id, UUID careUnitId, ServiceRequest.Status status, boolean incoming,
                              UUID residentId, String residentPseudonym, String requestedBy, Instant requestedAt,
                              String decidedBy, Instant decidedAt, String decisionReason, long version) {
        static ServiceRequestView of(ServiceRequestService.Seen s) {
            ServiceRequest r = s.request();
            return new ServiceRequestView(r.getId(), r.getCareUnitId(), r.getStatus(), s.incoming(), s.residentId(),
                    s.residentPseudonym(), r.getRequestedBy(), r.getRequestedAt(), r.getDecidedBy(), r.getDecidedAt(),
                    r.getDecisionReason(), r.getVersion());
        }
    }

    record NewServiceRequest(@NotBlank String personalIdentityNumber, @NotNull UUID careUnitId) { }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    ServiceRequestView request(@Valid @RequestBody NewServiceRequest body, @AuthenticationPrincipal Actor actor) {
        PersonalIdentityNumber pin = PersonalIdentityNumber.parse(body.personalIdentityNumber(), "personalIdentityNumber");
        return ServiceRequestView.of(service.request(actor, pin, body.careUnitId()));
    }

    @GetMapping
    List<ServiceRequestView> concerning(@RequestParam UUID careUnitId, @AuthenticationPrincipal Actor actor) {
        return service.concerning(actor, careUnitId).stream().map(ServiceRequestView::of).toList();
    }

    /** The approver confirms that the resident's consent covers the asking unit's provider. */
    record Approval(Boolean consentCoversProvider) { }

    @PostMapping("/{id}/approve")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    ServiceRequestView approve(@PathVariable UUID id, @RequestBody Approval body, @AuthenticationPrincipal Actor actor) {
        return ServiceRequestView.of(service.approve(actor, id, Boolean.TRUE.equals(body.consentCoversProvider())));
    }

    record Decline(@NotBlank @Size(max = 500) String reason) { }

    @PostMapping("/{id}/decline")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    ServiceRequestView decline(@PathVariable UUID id, @Valid @RequestBody Decline body, @AuthenticationPrincipal Actor actor) {
        return ServiceRequestView.of(service.decline(actor, id, body.reason()));
    }
}
