package se.nyckelfri.access.grant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.resident.Consents;
import se.nyckelfri.access.resident.Resident;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.staff.EmploymentEnded;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffMembers;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * Granting and revoking access. Each change and its audit record are one transaction: if the record cannot be
 * written, the change does not happen.
 */
@Service
public class GrantService {

    private final Grants grants;
    private final ResidentService residents;
    private final Consents consents;
    private final StaffMembers staff;
    private final CareUnits units;
    private final ScopeGuard guard;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    GrantService(Grants grants, ResidentService residents, Consents consents, StaffMembers staff, CareUnits units,
                 ScopeGuard guard, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.grants = grants;
        this.residents = residents;
        this.consents = consents;
        this.staff = staff;
        this.units = units;
        this.guard = guard;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** What a new grant says, before it is checked. */
    public record GrantRequest(UUID residentId, AccessGrant.Grantee grantee, GrantKind kind, List<WeeklyWindow> windows,
                               Instant validFrom, Instant validUntil, Instant visitAt, Integer toleranceMinutes,
                               String purpose) { }

    @Transactional
    public AccessGrant grant(Actor actor, GrantRequest request) {
        Resident resident = residents.find(request.residentId());
        guard.requireAdministers(actor, resident.getCareUnitIds(), "resident", resident.getId(), "GRANT");
        UUID granteeUnit = granteeUnit(request.grantee());
        guard.requireAdministers(actor, Set.of(granteeUnit), "care_unit", granteeUnit, "GRANT");
        if (!consents.existsByResidentIdAndWithdrawnAtIsNull(resident.getId())) {
            throw new ConflictException("NO_CONSENT",
                    "The resident has no active consent to digital locks; record the consent first.");
        }
        Instant now = clock.instant();
        Schedule schedule = schedule(request, now);
        Duration tolerance = request.kind() == GrantKind.PLANNED_VISIT ? Duration.ofMinutes(request.toleranceMinutes()) : null;
        AccessGrant grant = grants.save(new AccessGrant(resident.getId(), request.grantee(), schedule,
                seconds(request.visitAt()), tolerance, request.purpose(), actor.pseudonym(), now));
        audit.append(AuditEvent.of("GRANT_CREATED", actor.pseudonym())
                .subject("grant", grant.getId())
                .attribute("resident", resident.getPseudonym())
                .attribute("staff", request.grantee().staffMemberId() == null ? null
                        : staff.findById(request.grantee().staffMemberId()).map(StaffMember::getPseudonym).orElseThrow())
                .attribute("care_unit", request.grantee().careUnitId())
                .attribute("kind", schedule.kind())
                .attribute("valid_from", schedule.validFrom())
                .attribute("valid_until", schedule.validUntil())
                .attribute("windows", schedule.windows().isEmpty() ? null : schedule.windows().toString())
                .build());
        return grant;
    }

    /** Revokes a grant now. Either side's manager may: the resident's or the grantee's. */
    @Transactional
    public AccessGrant revoke(Actor actor, UUID grantId, String reason) {
        AccessGrant grant = grants.findById(grantId).orElseThrow(() -> new NotFoundException("grant", grantId));
        Set<UUID> concerned = new HashSet<>(residents.find(grant.getResidentId()).getCareUnitIds());
        concerned.add(granteeUnit(new AccessGrant.Grantee(grant.getStaffMemberId(), grant.getCareUnitId())));
        guard.requireAdministers(actor, concerned, "grant", grantId, "REVOKE");
        revokeAndRecord(grant, actor.pseudonym(), "MANAGER_REVOKED", reason);
        grants.flush();
        return grant;
    }

    @Transactional(readOnly = true)
    public AccessGrant get(Actor actor, UUID grantId) {
        AccessGrant grant = grants.findById(grantId).orElseThrow(() -> new NotFoundException("grant", grantId));
        guard.requireMayRead(actor, residents.find(grant.getResidentId()).getCareUnitIds(), "grant", grantId);
        return grant;
    }

    @Transactional(readOnly = true)
    public List<AccessGrant> forResident(Actor actor, UUID residentId) {
        guard.requireMayRead(actor, residents.find(residentId).getCareUnitIds(), "resident", residentId);
        return grants.findByResidentIdOrderByGrantedAt(residentId);
    }

    @Transactional(readOnly = true)
    public List<AccessGrant> forStaff(Actor actor, UUID staffMemberId) {
        StaffMember member = staff.findById(staffMemberId)
                .orElseThrow(() -> new NotFoundException("staff member", staffMemberId));
        guard.requireMayRead(actor, Set.of(member.getCareUnitId()), "staff_member", staffMemberId);
        return grants.findByStaffMemberIdOrderByGrantedAt(staffMemberId);
    }

    /** Ended employment ends every personal grant, in the transaction that ends the employment. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(EmploymentEnded ended) {
        for (AccessGrant grant : grants.findByStaffMemberIdAndRevokedAtIsNull(ended.staffMemberId())) {
            revokeAndRecord(grant, ended.byPseudonym(), "EMPLOYMENT_ENDED", "Employment ended");
        }
    }

    private void revokeAndRecord(AccessGrant grant, String byPseudonym, String reasonCode, String reason) {
        grant.revoke(byPseudonym, reason, clock.instant());
        events.publishEvent(new GrantRevoked(grant.getId(), grant.getResidentId(), clock.instant()));
        audit.append(AuditEvent.of("GRANT_REVOKED", byPseudonym)
                .subject("grant", grant.getId())
                .outcome("OK", reasonCode)
                .attribute("resident", residents.find(grant.getResidentId()).getPseudonym())
                .build());
    }

    private UUID granteeUnit(AccessGrant.Grantee grantee) {
        if (grantee.careUnitId() != null) {
            units.requireExists(grantee.careUnitId());
            return grantee.careUnitId();
        }
        StaffMember member = staff.findById(grantee.staffMemberId())
                .orElseThrow(() -> new NotFoundException("staff member", grantee.staffMemberId()));
        return member.getCareUnitId();
    }

    /**
     * The schedule the request asks for, with its bounds in whole seconds: the database keeps microseconds and
     * rounds, so a finer bound would silently move.
     */
    private Schedule schedule(GrantRequest request, Instant now) {
        GrantRequest r = new GrantRequest(request.residentId(), request.grantee(), request.kind(), request.windows(),
                seconds(request.validFrom()), seconds(request.validUntil()), seconds(request.visitAt()),
                request.toleranceMinutes(), request.purpose());
        if (r.grantee().staffMemberId() != null
                && !staff.findById(r.grantee().staffMemberId()).map(StaffMember::isActive).orElse(false)) {
            throw new ConflictException("STAFF_INACTIVE", "The staff member's employment has ended.");
        }
        Instant from = r.validFrom() == null ? seconds(now) : r.validFrom();
        return switch (r.kind()) {
            case RECURRING -> {
                if (r.windows() == null || r.windows().isEmpty()) {
                    throw new InvalidInputException("windows", "a recurring grant needs at least one weekly window");
                }
                requireOrdered(from, r.validUntil(), "validUntil");
                yield Schedule.recurring(from, r.validUntil(), r.windows());
            }
            case ONE_OFF -> {
                if (r.validFrom() == null || r.validUntil() == null) {
                    throw new InvalidInputException(r.validFrom() == null ? "validFrom" : "validUntil",
                            "a one-off grant needs both validFrom and validUntil");
                }
                requireOrdered(from, r.validUntil(), "validUntil");
                yield Schedule.oneOff(from, r.validUntil());
            }
            case PLANNED_VISIT -> {
                if (r.visitAt() == null) {
                    throw new InvalidInputException("visitAt", "a planned visit needs its time");
                }
                if (r.toleranceMinutes() == null || r.toleranceMinutes() < 1 || r.toleranceMinutes() > 240) {
                    throw new InvalidInputException("toleranceMinutes", "must be 1-240 for a planned visit");
                }
                yield Schedule.plannedVisit(r.visitAt(), Duration.ofMinutes(r.toleranceMinutes()));
            }
            case EMERGENCY_ONLY -> {
                if (r.windows() != null && !r.windows().isEmpty()) {
                    throw new InvalidInputException("windows", "an emergency-only grant has no visiting windows");
                }
                requireOrdered(from, r.validUntil(), "validUntil");
                yield Schedule.emergencyOnly(from, r.validUntil());
            }
        };
    }

    private static Instant seconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private void requireOrdered(Instant from, Instant until, String field) {
        if (until != null && !until.isAfter(from)) {
            throw new InvalidInputException(field, "must be after validFrom");
        }
        if (until != null && !until.isAfter(clock.instant())) {
            throw new InvalidInputException(field, "must be in the future: a grant that has already ended grants nothing");
        }
    }
}
