package se.nyckelfri.access.resident;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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
import se.nyckelfri.access.system.NotFoundException;

/**
 * Residents and their consent. Personal identity numbers travel only in request bodies, never in URLs, and come
 * back masked.
 */
@RestController
@RequestMapping("/api/v1/residents")
@PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
class ResidentController {

    private final ResidentService service;

    ResidentController(ResidentService service) {
        this.service = service;
    }

    record ResidentView(UUID id, String pseudonym, String name, String personalIdentityNumber,
                        Set<UUID> careUnitIds, boolean consentActive, long version) {
        static ResidentView of(ResidentService.ResidentDetails d) {
            return new ResidentView(d.resident().getId(), d.resident().getPseudonym(), d.name(),
                    d.maskedPersonalIdentityNumber(), d.resident().getCareUnitIds(), d.consentActive(),
                    d.resident().getVersion());
        }
    }

    @GetMapping
    List<ResidentView> list(@RequestParam UUID careUnitId, @AuthenticationPrincipal Actor actor) {
        return service.servedBy(actor, careUnitId).stream().map(ResidentView::of).toList();
    }

    @GetMapping("/{id}")
    ResidentView get(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
        return ResidentView.of(service.get(actor, id));
    }

    record NewResident(@NotBlank @Size(max = 200) String name, @NotBlank String personalIdentityNumber,
                       @NotEmpty Set<@NotNull UUID> careUnitIds) { }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    ResidentView register(@Valid @RequestBody NewResident body, @AuthenticationPrincipal Actor actor) {
        PersonalIdentityNumber pin = PersonalIdentityNumber.parse(body.personalIdentityNumber(), "personalIdentityNumber");
        return ResidentView.of(service.register(actor, body.name(), pin, body.careUnitIds()));
    }

    record Search(@NotBlank String personalIdentityNumber) { }

    /**
     * {@code id} and {@code pseudonym} are null when the resident is registered but served by none of the caller's
     * units: the caller may then ask to serve them ({@code POST /api/v1/service-requests}), nothing more.
     */
    record SearchResult(UUID id, String pseudonym, boolean servedByYourUnits) { }

    /** Finds a resident by personal identity number (in the body, so it never lands in an access log). */
    @PostMapping("/search")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    SearchResult search(@Valid @RequestBody Search body, @AuthenticationPrincipal Actor actor) {
        PersonalIdentityNumber pin = PersonalIdentityNumber.parse(body.personalIdentityNumber(), "personalIdentityNumber");
        ResidentService.Lookup found = service.findByNumber(actor, pin)
                .orElseThrow(() -> new NotFoundException("resident", "with this personal identity number"));
        if (!found.servedByCallersUnits()) {
            return new SearchResult(null, null, false);
        }
        return new SearchResult(found.resident().getId(), found.resident().getPseudonym(), true);
    }

    record ResidentChange(@NotBlank @Size(max = 200) String name, @NotNull Long version) { }

    @PutMapping("/{id}")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    ResidentView rename(@PathVariable UUID id, @Valid @RequestBody ResidentChange body,
                        @AuthenticationPrincipal Actor actor) {
        return ResidentView.of(service.rename(actor, id, body.name(), body.version()));
    }

    record NewCareUnit(@NotNull UUID careUnitId) { }

    @PostMapping("/{id}/care-units")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    ResidentView serve(@PathVariable UUID id, @Valid @RequestBody NewCareUnit body, @AuthenticationPrincipal Actor actor) {
        return ResidentView.of(service.addCareUnit(actor, id, body.careUnitId()));
    }

    record ConsentView(UUID id, Consent.GivenBy givenBy, LocalDate givenOn, String recordedBy, Instant recordedAt,
                       boolean active, Instant withdrawnAt, String withdrawnBy, String withdrawalReason, long version) {
        static ConsentView of(Consent c) {
            return new ConsentView(c.getId(), c.getGivenBy(), c.getGivenOn(), c.getRecordedBy(), c.getRecordedAt(),
                    c.isActive(), c.getWithdrawnAt(), c.getWithdrawnBy(), c.getWithdrawalReason(), c.getVersion());
        }
    }

    @GetMapping("/{id}/consents")
    List<ConsentView> consents(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
        return service.consents(actor, id).stream().map(ConsentView::of).toList();
    }

    record NewConsent(@NotNull Consent.GivenBy givenBy, @NotNull LocalDate givenOn) { }

    @PostMapping("/{id}/consents")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    ConsentView recordConsent(@PathVariable UUID id, @Valid @RequestBody NewConsent body,
                              @AuthenticationPrincipal Actor actor) {
        return ConsentView.of(service.recordConsent(actor, id, body.givenBy(), body.givenOn()));
    }

    record Withdrawal(@NotBlank @Size(max = 500) String reason, @NotNull Long version) { }

    @PostMapping("/{id}/consents/{consentId}/withdraw")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    ConsentView withdrawConsent(@PathVariable UUID id, @PathVariable UUID consentId,
                                @Valid @RequestBody Withdrawal body, @AuthenticationPrincipal Actor actor) {
        return ConsentView.of(service.withdrawConsent(actor, id, consentId, body.reason(), body.version()));
    }
}
