package se.nyckelfri.access.audittrail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.organisation.CareUnit;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.overload.ExpensiveRead;
import se.nyckelfri.access.premises.Doors;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.LockDevices;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.resident.Residents;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffMembers;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.OrdinaryDates;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditTrail;

/**
 * The auditor's search, as people ask it: everything about a resident (what the log commits to them, and every attempt
 * and receipt at their own front door), everything a person did (under every pseudonym their account has had), everything
 * at a lock or door; newest first, with a total. And the way to a pseudonym from a name: a look-up by name among
 * residents and staff. Auditors and administrators only; each search and look-up is recorded in the log before it is
 * answered (a look-up records whom it found, never the name asked for). Thread-safe.
 */
@Service
public class AuditorSearch {

    /** The most people a look-up by name lists. */
    public static final int MAX_FOUND = 20;

    private final AuditTrail trail;
    private final AuditLog log;
    private final ScopeGuard guard;
    private final Residents residents;
    private final ResidentService residentService;
    private final ResidentDoors residentDoors;
    private final Doors doors;
    private final LockDevices locks;
    private final Accounts accounts;
    private final StaffMembers staff;
    private final CareUnits units;

    AuditorSearch(AuditTrail trail, AuditLog log, ScopeGuard guard, Residents residents, ResidentService residentService,
                  ResidentDoors residentDoors, Doors doors, LockDevices locks, Accounts accounts, StaffMembers staff,
                  CareUnits units) {
        this.trail = trail;
        this.log = log;
        this.guard = guard;
        this.residents = residents;
        this.residentService = residentService;
        this.residentDoors = residentDoors;
        this.doors = doors;
        this.locks = locks;
        this.accounts = accounts;
        this.staff = staff;
        this.units = units;
    }

    /**
     * What to search for; any field may be {@code null}. {@code person} is anyone's pseudonym (staff {@code S-…},
     * others {@code U-…}); {@code lockOrDoor} a lock's or a door's id; {@code before} continues past the last index seen.
     */
    public record Criteria(String type, String outcome, Instant from, Instant until, String resident, String person,
                           String lockOrDoor, Long before, int limit) { }

    /** A page, newest first, the total, where to continue (null: no more), and the locks the search covered. */
    public record Result(AuditTrail.Found found, Long nextBefore, List<UUID> locks) { }

    @ExpensiveRead
    @Transactional
    public Result search(Actor auditor, Criteria c) {
        requireAuditor(auditor, "search");
        for (String[] term : new String[][] {{"type", c.type()}, {"outcome", c.outcome()}, {"resident", c.resident()},
                {"person", c.person()}, {"lockOrDoor", c.lockOrDoor()}}) {
            AuditReading.requireTerm(term[0], term[1]);
        }
        OrdinaryDates.require("from", c.from());
        OrdinaryDates.require("until", c.until());
        if (c.limit() < 1 || c.limit() > 1000) {
            throw new InvalidInputException("limit", "must be 1-1000");
        }
        List<UUID> lockIds = new ArrayList<>();
        if (c.resident() != null) {
            residents.findByPseudonym(c.resident()).ifPresent(r -> lockIds.addAll(residentDoors.locksOf(r.getId()).keySet()));
        }
        if (c.lockOrDoor() != null) {
            UUID id;
            try {
                id = UUID.fromString(c.lockOrDoor());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("lockOrDoor", "must be a lock's or a door's id");
            }
            if (doors.existsById(id)) {
                locks.findByDoorId(id).stream().map(LockDevice::getId).forEach(lockIds::add);
            } else {
                lockIds.add(id);
            }
        }
        List<String> actors = new ArrayList<>();
        if (c.person() != null) {
            actors.add(c.person());
            actors.addAll(accounts.formerPseudonyms(c.person()));
        }
        log.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("audit_log", "search")
                .attribute("type", c.type()).attribute("outcome", c.outcome()).attribute("resident", c.resident())
                .attribute("actor", c.person()).attribute("lock_or_door", c.lockOrDoor())
                .attribute("from", c.from()).attribute("until", c.until()).attribute("before", c.before()).build());
        boolean doorOnly = c.lockOrDoor() != null && lockIds.isEmpty();
        AuditTrail.Found found = doorOnly ? new AuditTrail.Found(List.of(), 0, false)
                : trail.search(new AuditTrail.Search(c.type(), c.outcome(), c.from(), c.until(), actors,
                        c.resident(), lockIds.stream().map(UUID::toString).toList(), c.before(), c.limit()));
        Long next = found.records().size() == c.limit() ? found.records().get(found.records().size() - 1).index() : null;
        return new Result(found, next, List.copyOf(lockIds));
    }

    /** Someone found by name: a resident or a staff member, their pseudonym, name and care unit(s). */
    public record PersonFound(String kind, String pseudonym, String name, String careUnits) { }

    /**
     * Residents and staff whose name contains {@code name} (at least 2 characters; case ignored), at most
     * {@value #MAX_FOUND} of each. Recorded first: that an auditor looked people up, and whom it found (by pseudonym).
     */
    @ExpensiveRead
    @Transactional
    public List<PersonFound> lookUp(Actor auditor, String name) {
        requireAuditor(auditor, "name_lookup");
        AuditReading.requireTerm("name", name);
        String term = name == null ? "" : name.strip();
        if (term.length() < 2 || term.length() > 100) {
            throw new InvalidInputException("name", "must be 2-100 characters");
        }
        List<PersonFound> found = new ArrayList<>();
        for (ResidentService.Named r : residentService.byName(term, MAX_FOUND)) {
            found.add(new PersonFound("RESIDENT", r.resident().getPseudonym(), r.name(), unitNames(r.resident().getCareUnitIds())));
        }
        for (StaffMember member : staff.findTop20ByDisplayNameContainingIgnoreCaseOrderByDisplayName(term)) {
            found.add(new PersonFound("STAFF", member.getPseudonym(), member.getDisplayName(),
                    unitNames(List.of(member.getCareUnitId()))));
        }
        log.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("audit_log", "name_lookup")
                .attribute("residents", found.stream().filter(p -> p.kind().equals("RESIDENT")).map(PersonFound::pseudonym).toList())
                .attribute("staff", found.stream().filter(p -> p.kind().equals("STAFF")).map(PersonFound::pseudonym).toList())
                .build());
        return found;
    }

    private String unitNames(Collection<UUID> ids) {
        Map<UUID, String> names = units.findAllById(ids).stream().collect(Collectors.toMap(CareUnit::getId, CareUnit::getName));
        return ids.stream().map(id -> names.getOrDefault(id, "")).sorted().collect(Collectors.joining(", "));
    }

    private void requireAuditor(Actor actor, String what) {
        if (actor.role() != Role.AUDITOR && actor.role() != Role.ADMIN) {
            guard.refuse(actor, "audit_log", what, "READ", "ROLE_" + actor.role().name());
        }
    }
}
