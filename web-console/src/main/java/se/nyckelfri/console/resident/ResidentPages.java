package se.nyckelfri.console.resident;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.resident.Consent;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.console.grant.GrantViews;
import se.nyckelfri.console.system.ConsoleTime;
import se.nyckelfri.console.system.ConsoleActors;
import se.nyckelfri.console.system.Paged;

/**
 * A manager's residents: the list (paged), and one resident's consent, doors and locks, and everyone who has access
 * and why. Identifiers in addresses are random ids, never names or personal identity numbers.
 */
@Controller
@RequestMapping("/console/manage/residents")
class ResidentPages {

    static final int PAGE_SIZE = 20;

    private final ResidentViews views;
    private final GrantViews grants;
    private final ResidentService residents;
    private final ConsoleActors actors;
    private final Clock clock;

    ResidentPages(ResidentViews views, GrantViews grants, ResidentService residents, ConsoleActors actors, Clock clock) {
        this.views = views;
        this.grants = grants;
        this.residents = residents;
        this.actors = actors;
        this.clock = clock;
    }

    @GetMapping
    String list(@RequestParam(defaultValue = "1") int page, Authentication authentication, Model model) {
        model.addAttribute("paged", Paged.of(views.mine(actors.current(authentication)), page, PAGE_SIZE));
        return "console/residents";
    }

    @GetMapping("/{id}")
    String resident(@PathVariable UUID id, Authentication authentication, Locale locale, Model model) {
        Actor actor = actors.current(authentication);
        model.addAttribute("resident", views.summary(actor, id));
        model.addAttribute("consents", residents.consents(actor, id).stream().map(ConsentRow::of).toList());
        model.addAttribute("doors", views.doors(actor, id));
        model.addAttribute("grants", grants.ofResident(actor, id, locale));
        model.addAttribute("givenByChoices", Consent.GivenBy.values());
        model.addAttribute("today", LocalDate.now(clock.withZone(Schedule.ZONE)));
        return "console/resident";
    }

    @PostMapping("/{id}/consents")
    String recordConsent(@PathVariable UUID id, @RequestParam Consent.GivenBy givenBy,
                         @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate givenOn,
                         Authentication authentication, RedirectAttributes redirect) {
        try {
            residents.recordConsent(actors.current(authentication), id, givenBy, givenOn);
            redirect.addFlashAttribute("notice", "consent.recorded");
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e instanceof ConflictException ? "consent.error.active" : "consent.error.date");
        }
        return "redirect:/console/manage/residents/" + id;
    }

    @PostMapping("/{id}/consents/{consentId}/withdraw")
    String withdrawConsent(@PathVariable UUID id, @PathVariable UUID consentId, @RequestParam(defaultValue = "") String reason,
                           @RequestParam long version, Authentication authentication, RedirectAttributes redirect) {
        String why = reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            redirect.addFlashAttribute("error", "consent.error.reason");
            return "redirect:/console/manage/residents/" + id;
        }
        try {
            residents.withdrawConsent(actors.current(authentication), id, consentId, why, version);
            redirect.addFlashAttribute("notice", "consent.withdrawn");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", "error.conflict");
        }
        return "redirect:/console/manage/residents/" + id;
    }

    /** A consent as the page lists it. */
    public record ConsentRow(UUID id, String givenBy, LocalDate givenOn, String recordedBy, boolean active, String withdrawnAt,
                      String withdrawalReason, long version) {
        static ConsentRow of(Consent c) {
            return new ConsentRow(c.getId(), c.getGivenBy().name(), c.getGivenOn(), c.getRecordedBy(), c.isActive(),
                    ConsoleTime.of(c.getWithdrawnAt()), c.getWithdrawalReason(), c.getVersion());
        }
    }
}
