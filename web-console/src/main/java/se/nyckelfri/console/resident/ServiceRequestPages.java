package se.nyckelfri.console.resident;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
import se.nyckelfri.access.resident.PersonalIdentityNumber;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.resident.ServiceRequest;
import se.nyckelfri.access.resident.ServiceRequestService;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.console.system.CareUnitNames;
import se.nyckelfri.console.system.ConsoleActors;
import se.nyckelfri.console.system.ConsoleTime;

/**
 * Requests to serve a resident other units already serve: a manager asks (by personal identity number, sent in the
 * form body, never in an address), and a manager of a unit serving the resident approves, confirming that the
 * resident's consent covers the new provider, or declines with a reason.
 */
@Controller
@RequestMapping("/console/manage/service-requests")
class ServiceRequestPages {

    private final ServiceRequestService requests;
    private final ResidentService residents;
    private final CareUnitNames units;
    private final ConsoleActors actors;

    ServiceRequestPages(ServiceRequestService requests, ResidentService residents, CareUnitNames units, ConsoleActors actors) {
        this.requests = requests;
        this.residents = residents;
        this.units = units;
        this.actors = actors;
    }

    /** A request as the page lists it; {@code residentName} is empty for a resident the reader does not serve. */
    public record Row(UUID id, String residentName, String careUnit, String status, String requestedAt, String decidedAt,
                      String decisionReason, boolean incoming, boolean pending) { }

    @GetMapping
    String page(Authentication authentication, Model model) {
        Actor actor = actors.current(authentication);
        List<Row> incoming = new ArrayList<>();
        List<Row> outgoing = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (UUID unit : units.of(actor)) {
            for (ServiceRequestService.Seen s : requests.concerning(actor, unit)) {
                if (seen.add(s.request().getId())) {
                    Row row = row(actor, s);
                    (row.incoming() ? incoming : outgoing).add(row);
                }
            }
        }
        Comparator<Row> newestFirst = Comparator.comparing(Row::requestedAt).reversed();
        incoming.sort(Comparator.comparing((Row r) -> !r.pending()).thenComparing(newestFirst));
        outgoing.sort(newestFirst);
        model.addAttribute("incoming", incoming);
        model.addAttribute("outgoing", outgoing);
        model.addAttribute("units", units.of(actor).stream().map(u -> new Unit(u, units.name(u)))
                .sorted(Comparator.comparing(Unit::name)).toList());
        return "console/service-requests";
    }

    /** A care unit the manager may ask for. */
    public record Unit(UUID id, String name) { }

    @PostMapping
    String ask(@RequestParam(defaultValue = "") String personalIdentityNumber, @RequestParam UUID careUnitId,
               Authentication authentication, RedirectAttributes redirect) {
        try {
            PersonalIdentityNumber pin = PersonalIdentityNumber.parse(personalIdentityNumber, "personalIdentityNumber");
            requests.request(actors.current(authentication), pin, careUnitId);
            redirect.addFlashAttribute("notice", "serviceRequests.asked");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "serviceRequests.error.number");
        } catch (NotFoundException e) {
            redirect.addFlashAttribute("error", "serviceRequests.error.unknown");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", "ALREADY_SERVED".equals(e.code())
                    ? "serviceRequests.error.served" : "serviceRequests.error.pending");
        }
        return "redirect:/console/manage/service-requests";
    }

    @PostMapping("/{id}/approve")
    String approve(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean consentCoversProvider,
                   Authentication authentication, RedirectAttributes redirect) {
        try {
            requests.approve(actors.current(authentication), id, consentCoversProvider);
            redirect.addFlashAttribute("notice", "serviceRequests.approved");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", "serviceRequests.error.consentWord");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", "NO_CONSENT".equals(e.code()) ? "serviceRequests.error.noConsent" : "error.conflict");
        }
        return "redirect:/console/manage/service-requests";
    }

    @PostMapping("/{id}/decline")
    String decline(@PathVariable UUID id, @RequestParam(defaultValue = "") String reason,
                   Authentication authentication, RedirectAttributes redirect) {
        String why = reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            redirect.addFlashAttribute("error", "serviceRequests.error.reason");
            return "redirect:/console/manage/service-requests";
        }
        try {
            requests.decline(actors.current(authentication), id, why);
            redirect.addFlashAttribute("notice", "serviceRequests.declined");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", "error.conflict");
        }
        return "redirect:/console/manage/service-requests";
    }

    private Row row(Actor actor, ServiceRequestService.Seen s) {
        ServiceRequest r = s.request();
        String name = s.residentId() == null ? "" : residents.get(actor, s.residentId()).name();
        return new Row(r.getId(), name, units.name(r.getCareUnitId()), r.getStatus().name(), ConsoleTime.of(r.getRequestedAt()),
                ConsoleTime.of(r.getDecidedAt()), r.getDecisionReason() == null ? "" : r.getDecisionReason(), s.incoming(),
                r.getStatus() == ServiceRequest.Status.PENDING);
    }
}
