package se.nyckelfri.access.audittrail;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.Grants;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.overload.ExpensiveRead;
import se.nyckelfri.access.resident.Resident;
import se.nyckelfri.access.resident.Residents;
import se.nyckelfri.access.staff.People;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;

/**
 * A resident's log extract (GDPR art. 15, as the EU court read it in C-579/21): when their own door was opened or an
 * opening was refused, by whom — the care provider, care unit and role, and the staff member's name only when the
 * auditor chooses to include it — and why (the purpose of the grant the credential was issued under); and every
 * change of who may enter (grants, consent). Openings of shared doors (an entrance) are left out: they would tell
 * about the neighbours' visits. Only auditors and administrators may make one, and making one is itself recorded
 * (with the resident as a commitment, erasable like every personal reference in the log). Thread-safe.
 */
@Service
public class ResidentExtracts {

    /**
     * Events at a lock that belong in the extract: issuance (an opening was attempted), the lock's verdict, refusals,
     * and emergency openings (with their cause).
     */
    static final List<String> DOOR_EVENTS = List.of("CREDENTIAL_ISSUED", "LOCK_RECEIPT", "UNLOCK_DENIED", "RELOCK_DENIED",
            "UNLOCK_RATE_LIMITED", "EMERGENCY_ACCESS", "EMERGENCY_UNLOCK_DENIED");
    private static final int PAGE = 1000;

    private final Residents residents;
    private final ResidentDoors residentDoors;
    private final AuditTrail trail;
    private final AuditLog audit;
    private final ScopeGuard guard;
    private final Grants grants;
    private final People people;
    private final Clock clock;

    ResidentExtracts(Residents residents, ResidentDoors residentDoors, AuditTrail trail, AuditLog audit, ScopeGuard guard,
                     Grants grants, People people, Clock clock) {
        this.people = people;
        this.clock = clock;
        this.residents = residents;
        this.residentDoors = residentDoors;
        this.trail = trail;
        this.audit = audit;
        this.guard = guard;
        this.grants = grants;
    }

    /** Who did it, as the extract tells it: a role, and where they work; the name only when asked for. */
    public record Who(String role, String careProvider, String careUnit, String name) {
        static final Who LOCK = new Who("LOCK", "", "", "");
        static final Who UNKNOWN = new Who("UNKNOWN", "", "", "");
        static final Who SYSTEM = new Who("SYSTEM", "", "", "");
        /** Nobody: the event names no one else. */
        public static final Who NONE = new Who("", "", "", "");

        static Who of(se.nyckelfri.access.staff.People.Person p, boolean includeNames) {
            return new Who(p.role(), p.careProvider(), p.careUnit(), includeNames ? p.name() : "");
        }
    }

    /** One line of the extract. */
    /**
     * One event: when, what, at which door, by whom, with what outcome and why (the purpose of the grant it came
     * under). For a grant given or taken back, also to whom ({@code grantee}: a staff member, or a whole care unit as
     * role {@code TEAM}) and when it lets them in ({@code schedule}); {@link Who#NONE} and {@code null} otherwise.
     */
    public record Line(long index, Instant at, String type, String door, Who who, String outcome, String reason, String purpose,
                       Who grantee, Schedule schedule) { }

    /** The whole extract: about whom, made when, by whom (pseudonym), and its lines oldest first. */
    public record Extract(String residentPseudonym, Instant madeAt, String madeBy, boolean namesIncluded, List<Line> lines) { }

    @ExpensiveRead
    @Transactional
    public Extract extract(Actor auditor, String residentPseudonym, boolean includeNames, String format) {
        return extract(auditor, residentPseudonym, includeNames, format, read -> { });
    }

    /**
     * As {@link #extract(Actor, String, boolean, String)}, telling {@code progress} how many log entries it has read so
     * far after each batch it reads (a large extract reads many).
     */
    @ExpensiveRead
    @Transactional
    public Extract extract(Actor auditor, String residentPseudonym, boolean includeNames, String format, IntConsumer progress) {
        if (auditor.role() != Role.AUDITOR && auditor.role() != Role.ADMIN) {
            guard.refuse(auditor, "resident", residentPseudonym, "EXTRACT", "ROLE_" + auditor.role().name());
        }
        AuditReading.requireTerm("resident", residentPseudonym); // the console's form is not checked as JSON is
        Resident resident = residents.findByPseudonym(residentPseudonym)
                .orElseThrow(() -> new NotFoundException("resident", residentPseudonym));
        Map<UUID, String> ownDoorLocks = residentDoors.locksOf(resident.getId());
        List<Line> lines = new ArrayList<>();
        Map<String, Who> known = new HashMap<>();
        Map<String, GrantFacts> purposes = new HashMap<>(); // a resident's openings come under a few grants: read each once
        AtomicInteger read = new AtomicInteger();
        for (AuditRecord r : all(new AuditTrail.Query(null, null, null, null, residentPseudonym, null, null, null, -1, PAGE), read, progress)) {
            if (!"AUDIT_READ".equals(r.event().type())) {
                lines.add(line(r, "", known, purposes, includeNames));
            }
        }
        for (Map.Entry<UUID, String> lock : ownDoorLocks.entrySet()) {
            for (AuditRecord r : all(new AuditTrail.Query(null, "lock", lock.getKey().toString(), null, null, null, null, null, -1, PAGE), read, progress)) {
                if (DOOR_EVENTS.contains(r.event().type())) {
                    lines.add(line(r, lock.getValue(), known, purposes, includeNames));
                }
            }
        }
        lines.sort(Comparator.comparingLong(Line::index));
        Instant now = clock.instant();
        audit.append(AuditEvent.of("RESIDENT_EXTRACT", auditor.pseudonym())
                .subject("resident", resident.getPseudonym())
                .attribute("names_included", includeNames)
                .attribute("format", format)
                .attribute("lines", lines.size())
                .build());
        return new Extract(resident.getPseudonym(), now, auditor.pseudonym(), includeNames, List.copyOf(lines));
    }

    private List<AuditRecord> all(AuditTrail.Query first, AtomicInteger read, IntConsumer progress) {
        List<AuditRecord> out = new ArrayList<>();
        AuditTrail.Query query = first;
        while (true) {
            List<AuditRecord> page = trail.find(query);
            out.addAll(page);
            progress.accept(read.addAndGet(page.size()));
            if (page.size() < query.limit()) {
                return out;
            }
            query = new AuditTrail.Query(query.type(), query.subjectKind(), query.subjectId(), query.actor(), query.resident(),
                    query.outcome(), query.from(), query.until(), page.get(page.size() - 1).index(), query.limit());
        }
    }

    private Line line(AuditRecord r, String door, Map<String, Who> known, Map<String, GrantFacts> grantFacts, boolean includeNames) {
        AuditEvent e = r.event();
        Who who = e.actor() != null && e.actor().startsWith("lock:") ? Who.LOCK
                : known.computeIfAbsent(e.actor(), pseudonym -> who(pseudonym, includeNames));
        boolean aboutGrant = "grant".equals(e.subjectKind());
        String grant = aboutGrant ? e.subjectId() : e.attributes() == null ? null : e.attributes().get("grant");
        GrantFacts facts = grant == null ? GrantFacts.NONE : grantFacts.computeIfAbsent(grant, id -> facts(id, includeNames));
        return new Line(r.index(), r.recordedAt(), e.type(), door, who, e.outcome() == null ? "" : e.outcome(),
                e.reason() == null ? "" : e.reason(), facts.purpose(), aboutGrant ? facts.grantee() : Who.NONE,
                aboutGrant ? facts.schedule() : null);
    }

    /** What the extract tells of a grant: its purpose, to whom it was given, and when it lets them in. */
    private record GrantFacts(String purpose, Who grantee, Schedule schedule) {
        static final GrantFacts NONE = new GrantFacts("", Who.NONE, null);
    }

    /** Grant {@code id}'s facts ({@link GrantFacts#NONE} when there is no such grant). */
    private GrantFacts facts(String id, boolean includeNames) {
        UUID grantId;
        try {
            grantId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return GrantFacts.NONE;
        }
        return grants.findById(grantId).map(g -> new GrantFacts(g.getPurpose() == null ? "" : g.getPurpose(),
                g.getStaffMemberId() != null
                        ? people.byStaffMember(g.getStaffMemberId()).map(p -> Who.of(p, includeNames)).orElse(Who.UNKNOWN)
                        : people.team(g.getCareUnitId()).map(p -> new Who("TEAM", p.careProvider(), p.careUnit(), "")).orElse(Who.UNKNOWN),
                g.schedule())).orElse(GrantFacts.NONE);
    }

    private Who who(String pseudonym, boolean includeNames) {
        return new Actors(people).of(pseudonym, includeNames);
    }

    /** Who is behind an actor pseudonym, as extracts and anomalies tell it. */
    record Actors(se.nyckelfri.access.staff.People people) {
        Who of(String pseudonym, boolean includeNames) {
            if ("system".equals(pseudonym)) {
                return Who.SYSTEM;
            }
            if (pseudonym != null && pseudonym.startsWith("SYSTEM-")) {
                return Who.SYSTEM; // the platform's own set-up (the demo district's data, a test's world)
            }
            return people.byAccountPseudonym(pseudonym).map(p -> Who.of(p, includeNames)).orElse(Who.UNKNOWN);
        }
    }
}
