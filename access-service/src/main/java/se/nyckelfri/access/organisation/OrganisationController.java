package se.nyckelfri.access.organisation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/** The organisation tree: everyone signed in may read it; only administrators change it. */
@RestController
@RequestMapping("/api/v1")
class OrganisationController {

    private final Municipalities municipalities;
    private final CareProviders providers;
    private final CareUnits units;
    private final AuditLog audit;

    OrganisationController(Municipalities municipalities, CareProviders providers, CareUnits units, AuditLog audit) {
        this.municipalities = municipalities;
        this.providers = providers;
        this.units = units;
        this.audit = audit;
    }

    record UnitView(UUID id, String name) { }

    record ProviderView(UUID id, String name, CareProvider.Kind kind, List<UnitView> careUnits) { }

    record OrganisationView(UUID id, String name, List<ProviderView> careProviders) { }

    @GetMapping("/organisation")
    @Transactional(readOnly = true)
    List<OrganisationView> organisation() {
        List<CareProvider> allProviders = providers.findAll();
        List<CareUnit> allUnits = units.findAll();
        return municipalities.findAll().stream().map(m -> new OrganisationView(m.getId(), m.getName(),
                allProviders.stream().filter(p -> p.getMunicipalityId().equals(m.getId()))
                        .map(p -> new ProviderView(p.getId(), p.getName(), p.getKind(),
                                allUnits.stream().filter(u -> u.getProviderId().equals(p.getId()))
                                        .map(u -> new UnitView(u.getId(), u.getName())).toList()))
                        .toList())).toList();
    }

    record NewProvider(@NotNull UUID municipalityId, @NotBlank @Size(max = 200) String name, @NotNull CareProvider.Kind kind) { }

    @PostMapping("/care-providers")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    ProviderView createProvider(@Valid @RequestBody NewProvider body, @AuthenticationPrincipal Actor actor) {
        if (!municipalities.existsById(body.municipalityId())) {
            throw new NotFoundException("municipality", body.municipalityId());
        }
        CareProvider provider = providers.save(new CareProvider(body.municipalityId(), body.name(), body.kind()));
        audit.append(AuditEvent.of("CARE_PROVIDER_CREATED", actor.pseudonym())
                .subject("care_provider", provider.getId()).attribute("kind", provider.getKind()).build());
        return new ProviderView(provider.getId(), provider.getName(), provider.getKind(), List.of());
    }

    record NewUnit(@NotNull UUID careProviderId, @NotBlank @Size(max = 200) String name) { }

    @PostMapping("/care-units")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    UnitView createUnit(@Valid @RequestBody NewUnit body, @AuthenticationPrincipal Actor actor) {
        if (!providers.existsById(body.careProviderId())) {
            throw new NotFoundException("care provider", body.careProviderId());
        }
        CareUnit unit = units.save(new CareUnit(body.careProviderId(), body.name()));
        audit.append(AuditEvent.of("CARE_UNIT_CREATED", actor.pseudonym())
                .subject("care_unit", unit.getId()).attribute("care_provider", unit.getProviderId()).build());
        return new UnitView(unit.getId(), unit.getName());
    }
}
