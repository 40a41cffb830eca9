package se.nyckelfri.access.offline;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/** A care unit's offline policy: how long its staff's offline credentials may be valid (ISO 8601, e.g. PT8H). */
@RestController
@RequestMapping("/api/v1/care-units/{careUnitId}/offline-policy")
@PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
class OfflinePolicyController {

    private final OfflinePolicies policies;

    OfflinePolicyController(OfflinePolicies policies) {
        this.policies = policies;
    }

    record Policy(@NotNull Duration maxValidity) { }

    @GetMapping
    Policy get(@PathVariable UUID careUnitId, @AuthenticationPrincipal Actor actor) {
        return new Policy(policies.get(actor, careUnitId));
    }

    @PutMapping
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    Policy set(@PathVariable UUID careUnitId, @Valid @RequestBody Policy body, @AuthenticationPrincipal Actor actor) {
        return new Policy(policies.set(actor, careUnitId, body.maxValidity()));
    }
}
