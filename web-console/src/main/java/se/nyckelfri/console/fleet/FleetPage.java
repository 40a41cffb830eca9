package se.nyckelfri.console.fleet;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import se.nyckelfri.access.premises.LockFleet;
import se.nyckelfri.console.system.ConsoleTime;
import se.nyckelfri.console.system.ConsoleActors;
import se.nyckelfri.console.system.Paged;

/** Every lock the manager is responsible for, what needs attention first, paged. */
@Controller
class FleetPage {

    static final int PAGE_SIZE = 25;

    private final LockFleet fleet;
    private final ConsoleActors actors;

    FleetPage(LockFleet fleet, ConsoleActors actors) {
        this.fleet = fleet;
        this.actors = actors;
    }

    /** A lock as the page shows it. */
    public record Row(String door, List<String> concerns, String battery, String lastContact, String gateway,
                      Boolean gatewayOnline, int deniedLastDay) {
        static Row of(LockFleet.LockHealth h) {
            return new Row(h.door(), h.concerns().stream().map(Enum::name).toList(),
                    h.batteryPercent() == null ? "" : h.batteryPercent() + " %", ConsoleTime.of(h.lastContact()),
                    h.gatewaySerial() == null ? "" : h.gatewaySerial(), h.gatewayOnline(), h.deniedLastDay());
        }
    }

    @GetMapping("/console/manage/locks")
    String locks(@RequestParam(defaultValue = "1") int page, Authentication authentication, Model model) {
        List<LockFleet.LockHealth> all = fleet.of(actors.current(authentication));
        model.addAttribute("paged", Paged.of(all.stream().map(Row::of).toList(), page, PAGE_SIZE));
        model.addAttribute("attention", all.stream().filter(h -> !h.concerns().isEmpty()).count());
        return "console/locks";
    }
}
