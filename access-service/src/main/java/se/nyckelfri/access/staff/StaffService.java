package se.nyckelfri.access.staff;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.system.Pseudonyms;
import se.nyckelfri.access.system.Versions;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/** Adding staff, renaming them and ending their employment, each inside the manager's scope and audited. */
@Service
public class StaffService {

    private final StaffMembers staff;
    private final CareUnits units;
    private final ScopeGuard guard;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    StaffService(StaffMembers staff, CareUnits units, ScopeGuard guard, AuditLog audit,
                 ApplicationEventPublisher events, Clock clock) {
        this.staff = staff;
        this.units = units;
        this.guard = guard;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** The staff member {@code id} as {@code actor} may read it. */
    /** The staff of {@code careUnitId}, by name, for someone who may read that unit. */
    @Transactional(readOnly = true)
    public List<StaffMember> ofUnit(Actor actor, UUID careUnitId) {
        guard.requireMayRead(actor, Set.of(careUnitId), "care_unit", careUnitId);
        return staff.findByCareUnitIdInOrderByDisplayName(Set.of(careUnitId));
    }

    @Transactional(readOnly = true)
    public StaffMember get(Actor actor, UUID id) {
        StaffMember member = staff.findById(id).orElseThrow(() -> new NotFoundException("staff member", id));
        guard.requireMayRead(actor, Set.of(member.getCareUnitId()), "staff_member", id);
        return member;
    }

    @Transactional
    public StaffMember add(Actor actor, UUID careUnitId, String displayName) {
        units.requireExists(careUnitId);
        guard.requireAdministers(actor, Set.of(careUnitId), "care_unit", careUnitId, "ADD_STAFF");
        StaffMember member = staff.saveAndFlush(new StaffMember(careUnitId, displayName, Pseudonyms.next('S'), clock.instant()));
        audit.append(AuditEvent.of("STAFF_ADDED", actor.pseudonym())
                .subject("staff_member", member.getPseudonym()).attribute("care_unit", careUnitId).build());
        return member;
    }

    @Transactional
    public StaffMember rename(Actor actor, UUID id, String displayName, long expectedVersion) {
        StaffMember member = forChange(actor, id, expectedVersion, "RENAME_STAFF");
        member.rename(displayName);
        return member;
    }

    /** Ends the employment now; every personal grant of the staff member ends with it, in this transaction. */
    @Transactional
    public StaffMember endEmployment(Actor actor, UUID id, long expectedVersion) {
        StaffMember member = forChange(actor, id, expectedVersion, "END_EMPLOYMENT");
        member.endEmployment(clock.instant());
        audit.append(AuditEvent.of("EMPLOYMENT_ENDED", actor.pseudonym())
                .subject("staff_member", member.getPseudonym()).build());
        events.publishEvent(new EmploymentEnded(member.getId(), actor.pseudonym(), member.getEmploymentEndedAt()));
        staff.flush();
        return member;
    }

    private StaffMember forChange(Actor actor, UUID id, long expectedVersion, String action) {
        StaffMember member = staff.findById(id).orElseThrow(() -> new NotFoundException("staff member", id));
        guard.requireAdministers(actor, Set.of(member.getCareUnitId()), "staff_member", id, action);
        Versions.require(member.getVersion(), expectedVersion);
        return member;
    }
}
