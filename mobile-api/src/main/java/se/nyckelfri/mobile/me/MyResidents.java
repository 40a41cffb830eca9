package se.nyckelfri.mobile.me;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.grant.GrantedResidents;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.policy.Decision;
import se.nyckelfri.access.grant.policy.DenyReason;
import se.nyckelfri.access.grant.policy.PolicyDecisions;
import se.nyckelfri.access.premises.Doors;
import se.nyckelfri.access.premises.LockDevices;
import se.nyckelfri.access.resident.Resident;
import se.nyckelfri.access.resident.ResidentService;

/**
 * A staff member's residents for today: those with a live grant (personal or for the staff member's care unit)
 * that touches today in Stockholm time, with their doors and locks and whether each would open now. A grant for
 * emergencies only plans no visit, so it puts nobody on the list: an alarm responder's team may cover hundreds of
 * homes, and enters one when an alarm names it. Which residents a grant reaches, and when, the grant module answers
 * ({@link GrantedResidents}); whether each lock opens now, the policy. Thread-safe.
 */
@Component
class MyResidents {

    private final GrantedResidents granted;
    private final ResidentService residents;
    private final Doors doors;
    private final LockDevices locks;
    private final PolicyDecisions decisions;
    private final Clock clock;

    MyResidents(GrantedResidents granted, ResidentService residents, Doors doors, LockDevices locks,
                PolicyDecisions decisions, Clock clock) {
        this.granted = granted;
        this.residents = residents;
        this.doors = doors;
        this.locks = locks;
        this.decisions = decisions;
        this.clock = clock;
    }

    record LockView(UUID lockId, String state, boolean mayOpenNow, String reason) { }

    record DoorView(UUID doorId, String kind, String label, List<LockView> locks) { }

    /** A stretch of today in which the staff member's grants let them in (a planned visit's window). */
    record Window(Instant from, Instant until) { }

    /**
     * A resident with their doors and, for today's list, the windows of today in which the member may open (empty in
     * the emergency list).
     */
    record ResidentView(UUID residentId, String pseudonym, String name, List<DoorView> doors, List<Window> windows) { }

    @Transactional(readOnly = true)
    List<ResidentView> today(UUID staffMemberId) {
        Instant now = clock.instant();
        LocalDate today = now.atZone(Schedule.ZONE).toLocalDate();
        Map<UUID, List<Window>> windows = new HashMap<>();
        for (GrantedResidents.Coverage coverage : granted.coverage(staffMemberId, today.atStartOfDay(Schedule.ZONE).toInstant(),
                today.plusDays(1).atStartOfDay(Schedule.ZONE).toInstant())) {
            coverage.intervals().forEach(i -> windows.computeIfAbsent(coverage.residentId(), r -> new ArrayList<>())
                    .add(new Window(i.start(), i.end())));
        }
        windows.replaceAll((resident, stretches) -> merged(stretches));
        // In time order: the first window that has not ended yet, then those whose windows have all ended.
        Comparator<ResidentView> byTime = Comparator.comparing(view -> view.windows().stream()
                .filter(w -> w.until().isAfter(now)).map(Window::from).findFirst().orElse(Instant.MAX));
        return views(granted.toVisitOn(staffMemberId, today), lock -> decisions.decide(staffMemberId, lock, now), windows)
                .stream().sorted(byTime).toList();
    }

    /**
     * The residents whose doors the staff member could open in an emergency now: those with a live grant in force
     * (personal or for the member's unit, of any kind, emergency-only ones included), with their doors and locks and
     * whether each would open on the emergency route. What an alarm responder's app searches when an alarm names a
     * resident.
     */
    @Transactional(readOnly = true)
    List<ResidentView> forEmergencies(UUID staffMemberId) {
        Instant now = clock.instant();
        return views(granted.inForceAt(staffMemberId, now), lock -> decisions.decideEmergency(staffMemberId, lock, now), Map.of());
    }

    /** Stretches in time order, overlapping or touching ones as one (a personal grant and the team's, say). */
    static List<Window> merged(List<Window> stretches) {
        List<Window> sorted = new ArrayList<>(stretches);
        sorted.sort(Comparator.comparing(Window::from));
        List<Window> merged = new ArrayList<>();
        for (Window w : sorted) {
            Window last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !w.from().isAfter(last.until())) {
                merged.set(merged.size() - 1, new Window(last.from(), w.until().isAfter(last.until()) ? w.until() : last.until()));
            } else {
                merged.add(w);
            }
        }
        return merged;
    }

    /**
     * The residents with their doors and locks; one whose consent to the digital lock is not in force (withdrawn)
     * leaves the list: none of their doors would open, and the app is not where the member learns why.
     */
    private List<ResidentView> views(List<UUID> residentIds, Function<UUID, Decision> decide, Map<UUID, List<Window>> windows) {
        List<ResidentView> views = new ArrayList<>();
        for (UUID residentId : residentIds) {
            Resident resident = residents.find(residentId);
            List<DoorView> doorViews = doors.findByResident(resident.getId()).stream().map(door -> new DoorView(door.getId(),
                    door.getKind().name(), door.getLabel(), locks.findByDoorId(door.getId()).stream().map(lock -> {
                        Decision d = decide.apply(lock.getId());
                        return new LockView(lock.getId(), lock.getState().name(), d.allowed(), d.allowed() ? null : d.reason().name());
                    }).toList())).toList();
            List<LockView> all = doorViews.stream().flatMap(door -> door.locks().stream()).toList();
            if (!all.isEmpty() && all.stream().allMatch(lock -> DenyReason.NO_CONSENT.name().equals(lock.reason()))) {
                continue;
            }
            views.add(new ResidentView(resident.getId(), resident.getPseudonym(), residents.nameForVisit(resident), doorViews,
                    windows.getOrDefault(resident.getId(), List.of())));
        }
        return views;
    }
}
