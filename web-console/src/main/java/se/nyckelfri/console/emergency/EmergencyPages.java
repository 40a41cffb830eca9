package se.nyckelfri.console.emergency;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import se.nyckelfri.access.emergency.EmergencyReviews;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.console.system.ConsoleActors;
import se.nyckelfri.console.system.ConsoleTime;
import se.nyckelfri.console.system.Paged;

/**
 * The emergency openings at the doors of the manager's residents, unreviewed first, each with a form to record the
 * manager's conclusion once. Through {@link EmergencyReviews}, as the API.
 */
@Controller
class EmergencyPages {

    static final int PAGE_SIZE = 25;
    private static final List<Integer> PERIODS = List.of(7, 30, 90);

    private final EmergencyReviews reviews;
    private final ConsoleActors actors;

    EmergencyPages(EmergencyReviews reviews, ConsoleActors actors) {
        this.reviews = reviews;
        this.actors = actors;
    }

    @GetMapping("/console/manage/emergencies")
    String list(@RequestParam(defaultValue = "30") int days, @RequestParam(defaultValue = "1") int page,
                Authentication authentication, Model model) {
        int period = PERIODS.contains(days) ? days : 30;
        List<EmergencyReviews.Case> cases = reviews.lastDays(actors.current(authentication), period);
        model.addAttribute("days", period);
        model.addAttribute("periods", PERIODS);
        model.addAttribute("unreviewed", cases.stream().filter(c -> !c.reviewed()).count());
        model.addAttribute("paged", Paged.of(cases, page, PAGE_SIZE));
        model.addAttribute("time", (Function<Instant, String>) ConsoleTime::of);
        return "console/emergencies";
    }

    @PostMapping("/console/manage/emergencies/{index}/review")
    String review(@PathVariable long index, @RequestParam(defaultValue = "") String conclusion, @RequestParam(defaultValue = "30") int days,
                  Authentication authentication, RedirectAttributes redirect) {
        EmergencyReviews.Conclusion chosen = parse(conclusion);
        if (chosen == null) {
            redirect.addFlashAttribute("error", "emergencies.error.conclusion");
        } else {
            try {
                reviews.review(actors.current(authentication), index, chosen);
                redirect.addFlashAttribute("notice", "emergencies.recorded");
            } catch (ConflictException e) {
                redirect.addFlashAttribute("error", "emergencies.error." + e.code());
            }
        }
        return "redirect:/console/manage/emergencies?days=" + (PERIODS.contains(days) ? days : 30);
    }

    private static EmergencyReviews.Conclusion parse(String value) {
        for (EmergencyReviews.Conclusion c : EmergencyReviews.Conclusion.values()) {
            if (c.name().equals(value)) {
                return c;
            }
        }
        return null;
    }
}
