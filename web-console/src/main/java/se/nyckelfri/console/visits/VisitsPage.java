package se.nyckelfri.console.visits;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.organisation.CareUnit;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.visits.PlannedVisits;
import se.nyckelfri.console.grant.GrantViews;
import se.nyckelfri.console.grant.GrantWording;
import se.nyckelfri.console.system.ConsoleTime;
import se.nyckelfri.console.system.ConsoleActors;

/** For one of the manager's units and one day: each resident's grants next to the openings their door saw. */
@Controller
class VisitsPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(Schedule.ZONE);

    private final PlannedVisits visits;
    private final GrantViews grantViews;
    private final GrantWording wording;
    private final CareUnits units;
    private final ConsoleActors actors;
    private final Clock clock;

    VisitsPage(PlannedVisits visits, GrantViews grantViews, GrantWording wording, CareUnits units, ConsoleActors actors,
               Clock clock) {
        this.visits = visits;
        this.grantViews = grantViews;
        this.wording = wording;
        this.units = units;
        this.actors = actors;
        this.clock = clock;
    }

    /** One resident's day as the page shows it. */
    public record Day(UUID residentId, String name, List<String> planned, List<Opening> openings, boolean anyOutside) { }

    /** An opening: time, door, who, whether a grant of theirs covered it, and the cause if it was an emergency. */
    public record Opening(String time, String door, String who, boolean covered, String emergencyCause) { }

    @GetMapping("/console/manage/visits")
    String visits(@RequestParam(required = false) UUID unit,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                  Authentication authentication, Locale locale, Model model) {
        Actor actor = actors.current(authentication);
        List<CareUnit> mine = units.findAllById(actor.careUnits()).stream()
                .sorted((a, b) -> a.getName().compareToIgnoreCase(b.getName())).toList();
        UUID chosen = unit != null ? unit : mine.isEmpty() ? null : mine.get(0).getId();
        LocalDate day = date != null ? date : LocalDate.now(clock.withZone(Schedule.ZONE));
        model.addAttribute("units", mine);
        model.addAttribute("unit", chosen);
        model.addAttribute("date", day);
        if (chosen != null) {
            model.addAttribute("days", visits.day(actor, chosen, day).stream().map(d -> new Day(d.residentId(), d.name(),
                    d.planned().stream().map(g -> planned(actor, g, locale)).toList(),
                    d.openings().stream().map(o -> new Opening(TIME.format(o.at()), o.door(),
                            o.staffName() == null ? "?" : o.staffName(), o.covered(), o.emergencyCause())).toList(),
                    d.anyUncovered())).toList());
        }
        return "console/visits";
    }

    private String planned(Actor actor, AccessGrant g, Locale locale) {
        return grantViews.granteeName(actor, new AccessGrant.Grantee(g.getStaffMemberId(), g.getCareUnitId()), locale)
                + ": " + wording.when(g.schedule(), locale) + (g.isRevoked() ? " (" + ConsoleTime.of(g.getRevokedAt()) + " ✕)" : "");
    }
}
