package se.nyckelfri.console.grant;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.console.system.ConsoleActors;

/**
 * Granting access in three steps — fill in, read the preview in plain words, confirm — and revoking it with a
 * reason. Every step goes through {@link GrantService}, the same rules the REST API applies.
 */
@Controller
@RequestMapping("/console/manage")
class GrantPages {

    static final int PURPOSE_MAX = 500;

    private final GrantService grants;
    private final GrantViews views;
    private final GrantWording wording;
    private final ConsoleActors actors;
    private final Clock clock;

    GrantPages(GrantService grants, GrantViews views, GrantWording wording, ConsoleActors actors, Clock clock) {
        this.grants = grants;
        this.views = views;
        this.wording = wording;
        this.actors = actors;
        this.clock = clock;
    }

    @GetMapping("/residents/{residentId}/grants/new")
    String form(@PathVariable UUID residentId, Authentication authentication, Locale locale, Model model) {
        Actor actor = actors.current(authentication);
        return formPage(actor, residentId, new GrantForm(), List.of(), locale, model);
    }

    @PostMapping("/residents/{residentId}/grants/preview")
    String preview(@PathVariable UUID residentId, @ModelAttribute("form") GrantForm form, Authentication authentication,
                   Locale locale, Model model) {
        Actor actor = actors.current(authentication);
        List<String> errors = check(form);
        if (!errors.isEmpty()) {
            return formPage(actor, residentId, form, errors, locale, model);
        }
        GrantViews.Subject resident = views.subject(actor, residentId);
        model.addAttribute("resident", resident);
        model.addAttribute("form", form);
        model.addAttribute("sentence", wording.sentence(views.granteeName(actor, grantee(form), locale), resident.doorLabels(),
                schedule(form), locale));
        return "console/grant-preview";
    }

    @PostMapping("/residents/{residentId}/grants")
    String create(@PathVariable UUID residentId, @ModelAttribute("form") GrantForm form, Authentication authentication,
                  Locale locale, Model model, RedirectAttributes redirect) {
        Actor actor = actors.current(authentication);
        List<String> errors = check(form);
        if (errors.isEmpty()) {
            try {
                Schedule schedule = schedule(form);
                grants.grant(actor, new GrantService.GrantRequest(residentId, grantee(form), schedule.kind(),
                        schedule.windows(), schedule.validFrom(), schedule.validUntil(), null, null, form.getPurpose().strip()));
                redirect.addFlashAttribute("notice", "grant.created");
                return "redirect:/console/manage/residents/" + residentId;
            } catch (ConflictException e) {
                errors = List.of("grant.error." + e.code());
            } catch (InvalidInputException e) {
                errors = List.of("grant.error.invalid");
            }
        }
        return formPage(actor, residentId, form, errors, locale, model);
    }

    @PostMapping("/grants/{grantId}/revoke")
    String revoke(@PathVariable UUID grantId, @RequestParam(defaultValue = "") String reason, Authentication authentication,
                  RedirectAttributes redirect) {
        Actor actor = actors.current(authentication);
        AccessGrant grant = grants.get(actor, grantId);
        String why = reason.strip();
        if (why.isEmpty() || why.length() > PURPOSE_MAX) {
            redirect.addFlashAttribute("error", "grant.error.reason");
            return "redirect:/console/manage/residents/" + grant.getResidentId();
        }
        grants.revoke(actor, grantId, why);
        redirect.addFlashAttribute("notice", "grant.revoked");
        return "redirect:/console/manage/residents/" + grant.getResidentId();
    }

    private String formPage(Actor actor, UUID residentId, GrantForm form, List<String> errors, Locale locale, Model model) {
        model.addAttribute("resident", views.subject(actor, residentId));
        model.addAttribute("grantees", views.grantees(actor, residentId, locale));
        model.addAttribute("form", form);
        model.addAttribute("dayChoices", Arrays.stream(DayOfWeek.values())
                .map(day -> new DayChoice(day.name(), day.getDisplayName(TextStyle.FULL_STANDALONE, locale), form.getDays().contains(day)))
                .toList());
        model.addAttribute("errors", errors);
        return "console/grant-form";
    }

    /** A day of the week as a check box: its value, its name in the user's language, and whether it is ticked. */
    public record DayChoice(String value, String label, boolean checked) { }

    /** What the page can check before the service does: each problem as a message key. */
    private List<String> check(GrantForm form) {
        List<String> errors = new ArrayList<>();
        if (parseGrantee(form.getGrantee()) == null) {
            errors.add("grant.error.grantee");
        }
        if ("RECURRING".equals(form.getKind())) {
            if (form.getDays().isEmpty()) {
                errors.add("grant.error.days");
            }
            if (form.getStart() == null || form.getEnd() == null) {
                errors.add("grant.error.hours");
            }
        } else if ("ONE_OFF".equals(form.getKind())) {
            if (form.getFrom() == null || form.getUntil() == null || !form.getUntil().isAfter(form.getFrom())) {
                errors.add("grant.error.period");
            }
        } else if (!"EMERGENCY_ONLY".equals(form.getKind())) {
            errors.add("grant.error.kind");
        }
        if (form.getPurpose() == null || form.getPurpose().isBlank() || form.getPurpose().length() > PURPOSE_MAX) {
            errors.add("grant.error.purpose");
        }
        return errors;
    }

    private Schedule schedule(GrantForm form) {
        if ("RECURRING".equals(form.getKind())) {
            List<WeeklyWindow> windows = form.getDays().stream().distinct().sorted()
                    .map(day -> new WeeklyWindow(day, form.getStart(), form.getEnd())).toList();
            return Schedule.recurring(clock.instant(), null, windows);
        }
        if ("EMERGENCY_ONLY".equals(form.getKind())) {
            return Schedule.emergencyOnly(clock.instant(), null); // until revoked: the team's alarm contract
        }
        Instant from = form.getFrom().atZone(Schedule.ZONE).toInstant();
        Instant until = form.getUntil().atZone(Schedule.ZONE).toInstant();
        return new Schedule(GrantKind.ONE_OFF, from, until, List.of());
    }

    private static AccessGrant.Grantee grantee(GrantForm form) {
        return parseGrantee(form.getGrantee());
    }

    /** {@code staff:<uuid>} or {@code team:<uuid>}; null for anything else. */
    static AccessGrant.Grantee parseGrantee(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.startsWith("staff:")) {
                return AccessGrant.Grantee.staff(UUID.fromString(value.substring(6)));
            }
            if (value.startsWith("team:")) {
                return AccessGrant.Grantee.team(UUID.fromString(value.substring(5)));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
