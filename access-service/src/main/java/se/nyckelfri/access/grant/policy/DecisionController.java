package se.nyckelfri.access.grant.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.staff.StaffService;
import se.nyckelfri.access.system.OrdinaryDates;

/**
 * "Could this staff member open this lock at this time?" for managers checking their setup. It answers a
 * question; it opens nothing (opening is the staff API's, /api/v1/unlocks).
 */
@RestController
@RequestMapping("/api/v1/decisions")
@PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
class DecisionController {

    private final PolicyDecisions decisions;
    private final StaffService staff;
    private final PremisesService premises;
    private final Clock clock;

    DecisionController(PolicyDecisions decisions, StaffService staff, PremisesService premises, Clock clock) {
        this.decisions = decisions;
        this.staff = staff;
        this.premises = premises;
        this.clock = clock;
    }

    @GetMapping
    Decision decide(@RequestParam UUID staffMemberId, @RequestParam UUID lockId,
                    @RequestParam(required = false) Instant at, @AuthenticationPrincipal Actor actor) {
        OrdinaryDates.require("at", at);
        staff.get(actor, staffMemberId);
        premises.lock(actor, lockId);
        return decisions.decide(staffMemberId, lockId, at == null ? clock.instant() : at);
    }
}
