package se.nyckelfri.mobile.me;

import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffMembers;
import se.nyckelfri.access.system.NotFoundException;

/**
 * The staff app's view of the signed-in staff member: their profile, today's residents, and the residents they could
 * help in an emergency.
 */
@RestController
@RequestMapping("/api/v1/me")
@PreAuthorize("hasRole('STAFF')")
class MeController {

    private final StaffMembers staff;
    private final MyResidents residents;

    MeController(StaffMembers staff, MyResidents residents) {
        this.staff = staff;
        this.residents = residents;
    }

    /** Today's residents with their doors and locks, and whether each lock would open for you now. */
    @GetMapping("/residents")
    List<MyResidents.ResidentView> residents(@AuthenticationPrincipal Actor actor) {
        return residents.today(actor.staffMemberId());
    }

    /**
     * The residents whose doors you could open in an emergency now (any grant of yours in force, emergency-only ones
     * included), and whether each lock would open on the emergency route: for an alarm responder, whose team visits
     * nobody on a schedule, the list to find the home an alarm names.
     */
    @GetMapping("/emergency-residents")
    List<MyResidents.ResidentView> emergencyResidents(@AuthenticationPrincipal Actor actor) {
        return residents.forEmergencies(actor.staffMemberId());
    }

    record Me(UUID staffMemberId, String pseudonym, String displayName, UUID careUnitId, List<String> roles) { }

    @GetMapping
    @Transactional(readOnly = true)
    Me me(@AuthenticationPrincipal Actor actor) {
        StaffMember member = staff.findById(actor.staffMemberId())
                .orElseThrow(() -> new NotFoundException("staff member", actor.staffMemberId()));
        return new Me(member.getId(), member.getPseudonym(), member.getDisplayName(), member.getCareUnitId(),
                List.of(actor.role().name()));
    }
}
