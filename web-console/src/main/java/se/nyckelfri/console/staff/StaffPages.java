package se.nyckelfri.console.staff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import se.nyckelfri.access.actor.Actor;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import se.nyckelfri.access.device.DeviceService;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.resident.Resident;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffService;
import se.nyckelfri.console.grant.GrantWording;
import se.nyckelfri.console.system.ConsoleTime;
import se.nyckelfri.console.system.CareUnitNames;
import se.nyckelfri.console.system.ConsoleActors;
import se.nyckelfri.console.system.Paged;

/**
 * The staff of a manager's care units (paged; those in employment first), employment active or ended, and one
 * member's grants (whom, when, why) and phones, each of which the manager can block.
 */
@Controller
@RequestMapping("/console/manage/staff")
class StaffPages {

    private final StaffService staff;
    private final DeviceService devices;
    private final GrantService grants;
    private final ResidentService residents;
    private final CareUnitNames units;
    private final GrantWording wording;
    private final ConsoleActors actors;

    StaffPages(StaffService staff, DeviceService devices, GrantService grants, ResidentService residents, CareUnitNames units,
               GrantWording wording, ConsoleActors actors) {
        this.staff = staff;
        this.devices = devices;
        this.grants = grants;
        this.residents = residents;
        this.units = units;
        this.wording = wording;
        this.actors = actors;
    }

    /** A staff member in the list. */
    public record Row(UUID id, String name, String pseudonym, String unit, boolean active, String endedAt) { }

    /** One of a staff member's personal grants. */
    public record GrantRow(String resident, String when, String purpose, boolean revoked, String status) { }

    /** One of a staff member's phones. */
    public record DeviceRow(UUID id, String name, String registeredAt, boolean blocked, String blockedAt, String reason,
                            String offlineUntil, long version) { }

    /** Why a manager blocks a phone: a closed list, so the log says it the same way every time. */
    static final List<String> BLOCK_REASONS = List.of("LOST", "STOLEN", "REPLACED", "OTHER");

    static final int PAGE_SIZE = 25;

    @GetMapping
    String list(@RequestParam(defaultValue = "1") int page, Authentication authentication, Model model) {
        Actor actor = actors.current(authentication);
        List<Row> rows = new ArrayList<>();
        for (UUID unit : units.of(actor)) {
            String unitName = units.name(unit);
            for (StaffMember m : staff.ofUnit(actor, unit)) {
                rows.add(new Row(m.getId(), m.getDisplayName(), m.getPseudonym(), unitName, m.isActive(),
                        ConsoleTime.of(m.getEmploymentEndedAt())));
            }
        }
        rows.sort(Comparator.comparing(Row::active).reversed().thenComparing(Row::name, String.CASE_INSENSITIVE_ORDER));
        model.addAttribute("paged", Paged.of(rows, page, PAGE_SIZE));
        return "console/staff";
    }

    @GetMapping("/{id}")
    String member(@PathVariable UUID id, Authentication authentication, Locale locale, Model model) {
        Actor actor = actors.current(authentication);
        StaffMember member = staff.get(actor, id);
        List<GrantRow> rows = new ArrayList<>();
        for (AccessGrant g : grants.forStaff(actor, id)) {
            Resident resident = residents.find(g.getResidentId());
            // A resident outside the manager's units is shown by pseudonym only (and asking is not a refusal).
            String name = actor.mayRead(resident.getCareUnitIds()) ? residents.get(actor, resident.getId()).name()
                    : resident.getPseudonym();
            rows.add(new GrantRow(name, wording.when(g.schedule(), locale), g.getPurpose(), g.isRevoked(),
                    g.isRevoked() ? ConsoleTime.of(g.getRevokedAt()) + ": " + g.getRevokeReason() : ""));
        }
        rows.sort(Comparator.comparing(GrantRow::revoked));
        model.addAttribute("member", new Row(member.getId(), member.getDisplayName(), member.getPseudonym(),
                units.name(member.getCareUnitId()), member.isActive(),
                ConsoleTime.of(member.getEmploymentEndedAt())));
        model.addAttribute("grants", rows);
        model.addAttribute("devices", devices.ofStaff(actor, id).stream().map(d -> new DeviceRow(d.getId(), d.getName(),
                ConsoleTime.of(d.getRegisteredAt()), d.isBlocked(), ConsoleTime.of(d.getBlockedAt()), d.getBlockReason(),
                ConsoleTime.of(d.getOfflineUntil()), d.getVersion())).toList());
        model.addAttribute("blockReasons", BLOCK_REASONS);
        return "console/staff-member";
    }

    /**
     * Blocks one of the member's phones (lost, stolen): at once at the platform, and at the locks through their
     * gateways and every other phone (docs/design/offline.md).
     */
    @PostMapping("/{id}/devices/{deviceId}/block")
    String block(@PathVariable UUID id, @PathVariable UUID deviceId, @RequestParam(defaultValue = "") String reason,
                 @RequestParam long version, Authentication authentication, RedirectAttributes redirect) {
        if (!BLOCK_REASONS.contains(reason)) {
            redirect.addFlashAttribute("error", "devices.error.reason");
        } else {
            try {
                devices.block(actors.current(authentication), deviceId, reason, version);
                redirect.addFlashAttribute("notice", "devices.blocked");
            } catch (ConflictException e) {
                redirect.addFlashAttribute("error", "devices.error." + e.code());
            } catch (OptimisticLockingFailureException e) {
                redirect.addFlashAttribute("error", "devices.error.CONCURRENT_EDIT");
            }
        }
        return "redirect:/console/manage/staff/" + id;
    }
}
