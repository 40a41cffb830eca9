package se.nyckelfri.console.deviation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import se.nyckelfri.access.deviation.Deviation;
import se.nyckelfri.access.deviation.DeviationService;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.console.system.ConsoleActors;
import se.nyckelfri.console.system.ConsoleTime;

/**
 * Deviation reports: a manager sees their units' newest, open ones first in effect (each with the step it is waiting
 * for: acknowledge, record what was done, close); an auditor sees everyone's with how each was handled, and changes
 * nothing. Through {@link DeviationService}, as the API.
 */
@Controller
class DeviationPages {

    private final DeviationService deviations;
    private final ConsoleActors actors;

    DeviationPages(DeviationService deviations, ConsoleActors actors) {
        this.deviations = deviations;
        this.actors = actors;
    }

    @GetMapping("/console/manage/deviations")
    String manage(Authentication authentication, Model model) {
        return page(authentication, model, true);
    }

    @GetMapping("/console/audit/deviations")
    String audit(Authentication authentication, Model model) {
        return page(authentication, model, false);
    }

    private String page(Authentication authentication, Model model, boolean handles) {
        List<DeviationService.Row> rows = deviations.list(actors.current(authentication));
        model.addAttribute("rows", rows);
        model.addAttribute("handles", handles);
        model.addAttribute("open", rows.stream().filter(r -> r.deviation().getStatus() != Deviation.Status.CLOSED).count());
        model.addAttribute("time", (Function<Instant, String>) ConsoleTime::of);
        return "console/deviations";
    }

    @PostMapping("/console/manage/deviations/{id}/{step}")
    String handle(@PathVariable UUID id, @PathVariable String step, @RequestParam long version,
                  @RequestParam(defaultValue = "") String action, Authentication authentication, RedirectAttributes redirect) {
        DeviationService.Step chosen = switch (step) {
            case "acknowledge" -> DeviationService.Step.ACKNOWLEDGE;
            case "action" -> DeviationService.Step.ACTION;
            case "close" -> DeviationService.Step.CLOSE;
            default -> null;
        };
        if (chosen == null) {
            return "redirect:/console/manage/deviations";
        }
        try {
            deviations.handle(actors.current(authentication), id, chosen, action, version);
            redirect.addFlashAttribute("notice", "deviations.recorded." + step);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "deviations.error.action");
        } catch (ConflictException | OptimisticLockingFailureException e) {
            redirect.addFlashAttribute("error", "deviations.error.conflict");
        }
        return "redirect:/console/manage/deviations";
    }
}
