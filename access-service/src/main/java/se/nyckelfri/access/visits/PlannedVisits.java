package se.nyckelfri.access.visits;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.overload.ExpensiveRead;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.staff.People;
import se.nyckelfri.access.system.OrdinaryDates;
import se.nyckelfri.access.unlocking.LockReceipts;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;

/**
 * Planned versus actual for one care unit and one day (Stockholm): each resident's grants in force that day, next to
 * the openings their own door's lock reported (its signed receipts), each with who opened (from the credential the
 * lock was given) and whether a grant of theirs covered that moment. Visit data is for care quality, not for watching
 * staff: only the unit's managers may look, and each look is recorded in the audit log. Thread-safe.
 */
@Service
public class PlannedVisits {

    private final ResidentService residents;
    private final GrantService grants;
    private final PremisesService premises;
    private final AuditTrail trail;
    private final AuditLog audit;
    private final ScopeGuard guard;
    private final LockReceipts receipts;
    private final People people;
    private final EmergencyOpenings emergencies;

    PlannedVisits(ResidentService residents, GrantService grants, PremisesService premises, AuditTrail trail, AuditLog audit,
                  ScopeGuard guard, LockReceipts receipts, People people, EmergencyOpenings emergencies) {
        this.people = people;
        this.emergencies = emergencies;
        this.residents = residents;
        this.grants = grants;
        this.premises = premises;
        this.trail = trail;
        this.audit = audit;
        this.guard = guard;
        this.receipts = receipts;
    }

    /**
     * An opening the lock reported: when, by whom (staff member, or unknown), whether a grant covered it, and the cause
     * when it was an emergency opening ({@code null} otherwise).
     */
    public record Opening(Instant at, String door, UUID staffMemberId, String staffName, boolean covered, String emergencyCause) { }


    /** One resident's day. */
    public record ResidentDay(UUID residentId, String name, List<AccessGrant> planned, List<Opening> openings) {
        public boolean anyUncovered() {
            return openings.stream().anyMatch(o -> !o.covered());
        }
    }

    @ExpensiveRead
    @Transactional
    public List<ResidentDay> day(Actor actor, UUID careUnitId, LocalDate date) {
        guard.requireAdministers(actor, Set.of(careUnitId), "care_unit", careUnitId, "READ_VISITS");
        OrdinaryDates.require("date", date);
        audit.append(AuditEvent.of("VISITS_READ", actor.pseudonym()).subject("care_unit", careUnitId)
                .attribute("date", date).build());
        Instant from = date.atStartOfDay(Schedule.ZONE).toInstant();
        Instant until = date.plusDays(1).atStartOfDay(Schedule.ZONE).toInstant();
        List<ResidentDay> out = new ArrayList<>();
        Map<String, Member> members = new HashMap<>(); // the same staff visit many residents: look each up once
        for (ResidentService.ResidentDetails resident : residents.servedBy(actor, careUnitId)) {
            UUID id = resident.resident().getId();
            List<AccessGrant> inForce = grants.forResident(actor, id).stream()
                    .filter(g -> g.getKind() != GrantKind.EMERGENCY_ONLY) // no visit is planned under one
                    .filter(g -> inForceDuring(g, from, until)).toList();
            List<Opening> openings = new ArrayList<>();
            for (Door door : premises.doorsOf(actor, id)) {
                if (door.getKind() != Door.Kind.FLAT) {
                    continue;
                }
                premises.locksOn(actor, door.getId()).forEach(lock ->
                        openings.addAll(openings(lock.getId(), door.getLabel(), from, until, inForce, members)));
            }
            openings.sort(Comparator.comparing(Opening::at));
            out.add(new ResidentDay(id, resident.name(), inForce, openings));
        }
        out.sort(Comparator.comparing(ResidentDay::name, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    /** The staff member behind an account pseudonym; {@link #NONE} when there is none. */
    private record Member(UUID id, String name, UUID careUnit) {
        static final Member NONE = new Member(null, null, null);

        /** Whether one of {@code grants}, personal or for the member's unit, covers {@code at}. */
        boolean coveredBy(List<AccessGrant> grants, Instant at) {
            return id != null && grants.stream().anyMatch(g -> g.schedule().covers(at)
                    && (id.equals(g.getStaffMemberId()) || (g.getCareUnitId() != null && g.getCareUnitId().equals(careUnit))));
        }
    }

    private List<Opening> openings(UUID lockId, String door, Instant from, Instant until, List<AccessGrant> inForce,
                                   Map<String, Member> members) {
        // Who was given which credential for this lock that day (issued up to its two-minute lifetime before midnight),
        // and which of them were issued for an emergency opening, with its cause (from the openings' own rows).
        Map<String, String> staffByCredential = new HashMap<>();
        for (AuditRecord r : trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lockId.toString(), null, null, null,
                from.minusSeconds(180), until, -1, 1000))) {
            String credential = r.event().attributes().get("credential");
            if (credential != null) {
                staffByCredential.put(credential, r.event().actor());
            }
        }
        Map<String, String> emergencyByCredential = emergencies.causesByCredential(lockId, staffByCredential.keySet());
        List<Opening> found = new ArrayList<>();
        for (LockReceipts.Opening opened : receipts.openedAt(lockId, from, until)) {
            String pseudonym = staffByCredential.get(opened.credentialId());
            Member member = pseudonym == null ? Member.NONE : members.computeIfAbsent(pseudonym, this::member);
            found.add(new Opening(opened.receivedAt(), door, member.id(), member.name(),
                    member.coveredBy(inForce, opened.receivedAt()), emergencyByCredential.get(opened.credentialId())));
        }
        return found;
    }

    private Member member(String accountPseudonym) {
        return people.byAccountPseudonym(accountPseudonym).filter(p -> p.staffMemberId() != null)
                .map(p -> new Member(p.staffMemberId(), p.name(), p.careUnitId())).orElse(Member.NONE);
    }

    private static boolean inForceDuring(AccessGrant g, Instant from, Instant until) {
        Schedule s = g.schedule();
        boolean startedBeforeEnd = s.validFrom().isBefore(until);
        boolean notEndedBeforeStart = s.validUntil() == null || s.validUntil().isAfter(from);
        boolean notRevokedBeforeStart = g.getRevokedAt() == null || g.getRevokedAt().isAfter(from);
        return startedBeforeEnd && notEndedBeforeStart && notRevokedBeforeStart;
    }
}
