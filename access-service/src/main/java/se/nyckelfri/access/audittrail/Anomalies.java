package se.nyckelfri.access.audittrail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.offline.OfflineSync;
import se.nyckelfri.access.overload.ExpensiveRead;
import se.nyckelfri.access.premises.LockHomes;
import se.nyckelfri.access.staff.People;
import se.nyckelfri.access.unlocking.LockReceipts;
import se.nyckelfri.access.unlocking.LockReceipts.Opened;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;

/**
 * What an auditor should look at first, over a period: refused attempts (by the policy or by a lock), staff refused
 * again and again, locks that opened without a credential issued for them just before (an offline or emergency
 * opening, or something worse), gaps in a lock's receipt counter (a receipt that never arrived), and emergency
 * openings with the lock's verdict and whether a manager has reviewed them yet. Only auditors
 * and administrators may ask, and asking is recorded. Thread-safe.
 */
@Service
public class Anomalies {

    /** Refusals of one actor within this period, this many or more, are "repeated". */
    static final int REPEATED = 3;
    static final Duration REPEATED_WITHIN = Duration.ofHours(1);
    /** How long before a lock's "opened" receipt its credential must have been issued. */
    static final Duration ISSUED_BEFORE = Duration.ofMinutes(5);

    /** What counts as a refusal: a type, and the outcome it must have (null: any). */
    private static final String[][] REFUSALS = {{"UNLOCK_DENIED", null}, {"EMERGENCY_UNLOCK_DENIED", null}, {"RELOCK_DENIED", null},
            {"UNLOCK_RATE_LIMITED", null}, {"LOCK_RECEIPT", "DENIED"}, {"ACCESS_REFUSED", null}};
    private static final int LIMIT = 500;
    /** Receipts read from the ledger at a time, looking for unexplained openings. */
    private static final int PAGE = 1000;

    private final LockReceipts receipts;
    private final AuditTrail trail;
    private final AuditLog audit;
    private final ScopeGuard guard;
    private final EmergencyOpenings emergencies;
    private final OfflineSync offline;
    private final Clock clock;
    private final ResidentExtracts.Actors who;
    private final LockHomes homes;

    Anomalies(LockReceipts receipts, AuditTrail trail, AuditLog audit, ScopeGuard guard, EmergencyOpenings emergencies,
              OfflineSync offline, Clock clock, People people, LockHomes homes) {
        this.who = new ResidentExtracts.Actors(people);
        this.homes = homes;
        this.receipts = receipts;
        this.emergencies = emergencies;
        this.trail = trail;
        this.audit = audit;
        this.guard = guard;
        this.offline = offline;
        this.clock = clock;
    }

    /** A refused attempt, as the log holds it. */
    public record Refusal(long index, Instant at, String type, String actor, String lock, String outcome, String reason) { }

    /** One actor refused {@code count} times, the first and last at the times given, and of which kinds. */
    public record Repeated(String actor, int count, Instant first, Instant last, List<String> types) { }

    /** A lock's "opened" receipt with no credential issued for that lock shortly before. */
    public record UnexplainedOpening(long index, Instant at, String lock, long counter) { }

    /** Receipts missing between two a lock did deliver. */
    public record CounterGap(UUID lock, long after, long before, long missing) { }

    /** A lock's receipt that does not follow the one stored before it: its previous-receipt hash names another. */
    public record BrokenLink(UUID lock, long counter) { }

    /**
     * Everything found since {@code since}, and who and where that is: each actor pseudonym named in it as a role, care
     * provider and unit (and a name only when asked for), each lock as its door's label.
     */
    public record Report(Instant since, List<Refusal> refusals, List<Repeated> repeated, List<EmergencyOpenings.Opening> emergencies,
                         List<UnexplainedOpening> unexplained, List<CounterGap> gaps, List<BrokenLink> brokenLinks,
                         boolean namesIncluded, Map<String, ResidentExtracts.Who> people, Map<String, String> doors) { }

    @ExpensiveRead
    @Transactional
    public Report since(Actor auditor, Instant since) {
        return since(auditor, since, false);
    }

    @ExpensiveRead
    @Transactional
    public Report since(Actor auditor, Instant since, boolean includeNames) {
        if (auditor.role() != Role.AUDITOR && auditor.role() != Role.ADMIN) {
            guard.refuse(auditor, "audit_log", "anomalies", "READ", "ROLE_" + auditor.role().name());
        }
        audit.append(AuditEvent.of("AUDIT_READ", auditor.pseudonym()).subject("audit_log", "anomalies")
                .attribute("since", since).attribute("names_included", includeNames).build());
        List<Refusal> refusals = new ArrayList<>();
        for (String[] kind : REFUSALS) {
            for (AuditRecord r : trail.find(new AuditTrail.Query(kind[0], null, null, null, null, kind[1], since, null, -1, LIMIT))) {
                AuditEvent e = r.event();
                refusals.add(new Refusal(r.index(), r.recordedAt(), e.type(), e.actor(),
                        "lock".equals(e.subjectKind()) ? e.subjectId() : "", e.outcome(), e.reason() == null ? "" : e.reason()));
            }
        }
        refusals.sort(Comparator.comparingLong(Refusal::index).reversed());
        List<Repeated> repeated = repeated(refusals);
        List<UnexplainedOpening> unexplained = unexplainedOpenings(since);
        List<CounterGap> gaps = receipts.counterGaps(since).stream()
                .map(g -> new CounterGap(g.lockId(), g.previous(), g.counter(), g.missing())).toList();
        List<BrokenLink> broken = receipts.brokenLinks(since).stream().map(b -> new BrokenLink(b.lockId(), b.counter())).toList();
        List<EmergencyOpenings.Opening> emergencyOpenings = emergencies.since(since, locks -> locks);
        Set<String> actors = new java.util.TreeSet<>();
        Set<UUID> lockIds = new java.util.HashSet<>();
        refusals.forEach(r -> {
            actors.add(r.actor());
            lock(r.lock()).ifPresent(lockIds::add);
        });
        emergencyOpenings.forEach(e -> {
            actors.add(e.actor());
            lock(e.lock()).ifPresent(lockIds::add);
        });
        unexplained.forEach(u -> lock(u.lock()).ifPresent(lockIds::add));
        gaps.forEach(g -> lockIds.add(g.lock()));
        broken.forEach(b -> lockIds.add(b.lock()));
        Map<String, ResidentExtracts.Who> people = new TreeMap<>();
        for (String actor : actors) {
            people.put(actor, actor.startsWith("lock:") ? ResidentExtracts.Who.LOCK : who.of(actor, includeNames));
        }
        Map<String, String> doors = new TreeMap<>();
        homes.doorLabels(lockIds, null).forEach((lock, label) -> doors.put(lock.toString(), label));
        return new Report(since, refusals, repeated, emergencyOpenings, unexplained, gaps, broken, includeNames, people, doors);
    }

    private static java.util.Optional<UUID> lock(String id) {
        try {
            return id == null || id.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Actors refused {@value #REPEATED} or more times within {@link #REPEATED_WITHIN}, whatever refused them (the
     * policy at a door, the rate limit, a lock, or an endpoint they may not use), most refused first.
     */
    static List<Repeated> repeated(List<Refusal> refusals) {
        Map<String, List<Instant>> byActor = new TreeMap<>();
        Map<String, Set<String>> typesByActor = new TreeMap<>();
        for (Refusal r : refusals) {
            byActor.computeIfAbsent(r.actor(), a -> new ArrayList<>()).add(r.at());
            typesByActor.computeIfAbsent(r.actor(), a -> new java.util.TreeSet<>()).add(r.type());
        }
        List<Repeated> out = new ArrayList<>();
        byActor.forEach((actor, times) -> {
            times.sort(Comparator.naturalOrder());
            int start = 0;
            for (int end = 0; end < times.size(); end++) {
                while (times.get(end).isAfter(times.get(start).plus(REPEATED_WITHIN))) {
                    start++;
                }
                if (end - start + 1 >= REPEATED) {
                    out.add(new Repeated(actor, times.size(), times.get(0), times.get(times.size() - 1),
                            List.copyOf(typesByActor.get(actor))));
                    return;
                }
            }
        });
        out.sort(Comparator.comparingInt(Repeated::count).reversed());
        return out;
    }

    /** The last {@code days} days, up to now. */
    @ExpensiveRead
    @Transactional
    public Report lastDays(Actor auditor, int days) {
        return lastDays(auditor, days, false);
    }

    /** The last {@code days} days, up to now, with the people's names when {@code includeNames}. */
    @ExpensiveRead
    @Transactional
    public Report lastDays(Actor auditor, int days, boolean includeNames) {
        return since(auditor, clock.instant().minus(Duration.ofDays(days)), includeNames);
    }

    /**
     * Locks that opened without a credential issued for that lock in the {@link #ISSUED_BEFORE} before: the receipts
     * are the ledger's rows, the issuances the audit log's entries (asked through {@link AuditTrail}, page by page, so
     * the log's tables stay the log's own). Newest first, at most {@link #LIMIT}.
     */
    private List<UnexplainedOpening> unexplainedOpenings(Instant since) {
        List<UnexplainedOpening> found = new ArrayList<>();
        Opened last = null;
        while (found.size() < LIMIT) {
            List<Opened> page = receipts.openedSince(since, last, PAGE);
            if (page.isEmpty()) {
                break;
            }
            Instant earliest = page.get(page.size() - 1).receivedAt().minus(ISSUED_BEFORE);
            Map<String, List<Instant>> issued = trail.recordedAt("CREDENTIAL_ISSUED", "lock",
                    page.stream().map(o -> o.lockId().toString()).collect(Collectors.toSet()), earliest, page.get(0).receivedAt());
            Set<OfflineSync.Issued> offlineIssued = offline.issuedAmong(page.stream().filter(o -> !o.withoutCredential())
                    .map(Opened::credentialId).toList());
            for (Opened o : page) {
                // An offline credential was issued hours before, for exactly this lock and a stretch the policy allowed;
                // the lock checked its window.
                boolean explained = !o.withoutCredential() && (issued.getOrDefault(o.lockId().toString(), List.of()).stream()
                        .anyMatch(t -> !t.isAfter(o.receivedAt()) && !t.isBefore(o.receivedAt().minus(ISSUED_BEFORE)))
                        || offlineIssued.contains(new OfflineSync.Issued(o.lockId(), HexFormat.of().formatHex(o.credentialId()))));
                if (!explained && found.size() < LIMIT) {
                    found.add(new UnexplainedOpening(o.auditIndex(), o.receivedAt(), o.lockId().toString(), o.counter()));
                }
            }
            last = page.get(page.size() - 1);
            if (page.size() < PAGE) {
                break;
            }
        }
        return found;
    }

}
