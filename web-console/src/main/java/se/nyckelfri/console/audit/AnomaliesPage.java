package se.nyckelfri.console.audit;

import java.time.Instant;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import se.nyckelfri.access.audittrail.Anomalies;
import se.nyckelfri.console.system.ConsoleTime;
import se.nyckelfri.console.system.ConsoleActors;

/**
 * What an auditor should look at first over the last days: emergency openings, gaps in receipt counters, openings
 * without a credential, repeated refusals, refusals.
 */
@Controller
class AnomaliesPage {

    private final Anomalies anomalies;
    private final ConsoleActors actors;

    AnomaliesPage(Anomalies anomalies, ConsoleActors actors) {
        this.anomalies = anomalies;
        this.actors = actors;
    }

    @GetMapping("/console/audit/anomalies")
    String anomalies(@RequestParam(defaultValue = "7") int days, @RequestParam(defaultValue = "false") boolean names,
                     Authentication authentication, Model model) {
        int period = Math.min(Math.max(days, 1), 90);
        model.addAttribute("days", period);
        model.addAttribute("names", names);
        model.addAttribute("time", (Function<Instant, String>) ConsoleTime::of);
        model.addAttribute("report", anomalies.lastDays(actors.current(authentication), period, names));
        return "console/anomalies";
    }
}
