package se.nyckelfri.access.emergency;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/**
 * Emergency openings for follow-up: managers list those at their units' residents' doors and review each once;
 * auditors list all of them. The same service and rules as the console's page.
 */
@RestController
@RequestMapping("/api/v1/emergencies")
class EmergencyController {

    private final EmergencyReviews reviews;

    EmergencyController(EmergencyReviews reviews) {
        this.reviews = reviews;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('MANAGER', 'AUDITOR', 'ADMIN')")
    List<EmergencyReviews.Case> list(@RequestParam(defaultValue = "30") @Min(1) @Max(90) int days,
                                     @AuthenticationPrincipal Actor actor) {
        return reviews.lastDays(actor, days);
    }

    record ReviewRequest(@NotNull EmergencyReviews.Conclusion conclusion) { }

    /** {@code index} is the emergency's entry in the audit log ({@code EMERGENCY_ACCESS}). */
    @PostMapping("/{index}/review")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    EmergencyReviews.Case review(@PathVariable long index, @Valid @RequestBody ReviewRequest body,
                                 @AuthenticationPrincipal Actor actor) {
        return reviews.review(actor, index, body.conclusion());
    }
}
