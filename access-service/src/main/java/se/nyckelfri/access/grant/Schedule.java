package se.nyckelfri.access.grant;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a grant is valid, independent of storage: the one place that answers "does this grant cover this instant?".
 * {@code validFrom} is inclusive, {@code validUntil} exclusive and {@code null} for open-ended. Immutable.
 */
public record Schedule(GrantKind kind, Instant validFrom, Instant validUntil, List<WeeklyWindow> windows) {

    /** Home care in Sweden runs on Stockholm time. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    public Schedule {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(validFrom);
        windows = List.copyOf(windows);
    }

    public static Schedule recurring(Instant validFrom, Instant validUntil, List<WeeklyWindow> windows) {
        return new Schedule(GrantKind.RECURRING, validFrom, validUntil, windows);
    }

    public static Schedule oneOff(Instant from, Instant until) {
        return new Schedule(GrantKind.ONE_OFF, from, until, List.of());
    }

    /**
     * For emergencies only, from {@code from} until {@code until} ({@code null}: until revoked): {@link #covers} is
     * never true, {@link #inForceAt} is, inside the period.
     */
    public static Schedule emergencyOnly(Instant from, Instant until) {
        return new Schedule(GrantKind.EMERGENCY_ONLY, from, until, List.of());
    }

    /** A planned visit at {@code at}, open from {@code tolerance} before it until {@code tolerance} after it. */
    public static Schedule plannedVisit(Instant at, Duration tolerance) {
        return new Schedule(GrantKind.PLANNED_VISIT, at.minus(tolerance), at.plus(tolerance), List.of());
    }

    /** Whether the grant lets its holder open, in the ordinary way, at {@code instant}. */
    public boolean covers(Instant instant) {
        if (kind == GrantKind.EMERGENCY_ONLY || !inForceAt(instant)) {
            return false;
        }
        return kind != GrantKind.RECURRING || windows.stream().anyMatch(w -> w.contains(instant, ZONE));
    }

    /**
     * Whether the schedule lets its holder open, in the ordinary way, at some moment of {@code day} (Stockholm time):
     * what puts a resident on a staff member's list for the day. Decided by {@link #covers} itself, asked at the only
     * instants where being covered can begin: the start of the day, the start of validity, each window's start (on
     * either side of a daylight saving change) and the day's clock changes. An emergency-only grant plans no visit.
     */
    public boolean plansVisitOn(LocalDate day) {
        if (kind == GrantKind.EMERGENCY_ONLY) {
            return false;
        }
        Instant dayStart = day.atStartOfDay(ZONE).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(ZONE).toInstant();
        List<Instant> candidates = new ArrayList<>(List.of(dayStart, validFrom));
        for (WeeklyWindow window : windows) {
            LocalDateTime start = day.atTime(window.start());
            ZoneOffsetTransition change = ZONE.getRules().getTransition(start);
            if (change != null && change.isGap()) {
                candidates.add(change.getInstant());
            } else {
                candidates.add(ZonedDateTime.ofLocal(start, ZONE, null).withEarlierOffsetAtOverlap().toInstant());
                candidates.add(ZonedDateTime.ofLocal(start, ZONE, null).withLaterOffsetAtOverlap().toInstant());
            }
        }
        for (ZoneOffsetTransition change = ZONE.getRules().nextTransition(dayStart);
             change != null && change.getInstant().isBefore(dayEnd); change = ZONE.getRules().nextTransition(change.getInstant())) {
            candidates.add(change.getInstant());
        }
        return candidates.stream().anyMatch(t -> !t.isBefore(dayStart) && t.isBefore(dayEnd) && covers(t));
    }

    /** A stretch of time, {@code start} inclusive, {@code end} exclusive. */
    public record Interval(Instant start, Instant end) { }

    /**
     * The stretches of {@code [from, to)} that {@link #covers} covers, in order, adjacent ones joined: what an offline
     * credential may span. Decided by {@link #covers} itself, asked at every instant where being covered can begin
     * or end: the bounds, the start and end of validity, each window's start and end on each day (on either side of
     * a daylight saving change) and the clock changes; between two such instants coverage does not change.
     */
    public List<Interval> coveredIntervals(Instant from, Instant to) {
        java.util.TreeSet<Instant> cuts = new java.util.TreeSet<>(List.of(from, to, validFrom));
        if (validUntil != null) {
            cuts.add(validUntil);
        }
        LocalDate firstDay = from.atZone(ZONE).toLocalDate().minusDays(1);
        LocalDate lastDay = to.atZone(ZONE).toLocalDate().plusDays(1);
        for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
            for (WeeklyWindow window : windows) {
                for (LocalDateTime edge : List.of(day.atTime(window.start()), day.atTime(window.end()))) {
                    ZoneOffsetTransition change = ZONE.getRules().getTransition(edge);
                    if (change != null && change.isGap()) {
                        cuts.add(change.getInstant());
                    } else {
                        cuts.add(ZonedDateTime.ofLocal(edge, ZONE, null).withEarlierOffsetAtOverlap().toInstant());
                        cuts.add(ZonedDateTime.ofLocal(edge, ZONE, null).withLaterOffsetAtOverlap().toInstant());
                    }
                }
            }
        }
        for (ZoneOffsetTransition change = ZONE.getRules().nextTransition(from);
             change != null && change.getInstant().isBefore(to); change = ZONE.getRules().nextTransition(change.getInstant())) {
            cuts.add(change.getInstant());
        }
        List<Instant> points = cuts.subSet(from, true, to, true).stream().toList();
        List<Interval> covered = new ArrayList<>();
        for (int i = 0; i + 1 < points.size(); i++) {
            Instant start = points.get(i);
            Instant end = points.get(i + 1);
            if (!covers(start)) {
                continue;
            }
            if (!covered.isEmpty() && covered.get(covered.size() - 1).end().equals(start)) {
                start = covered.remove(covered.size() - 1).start();
            }
            covered.add(new Interval(start, end));
        }
        return covered;
    }

    /** Whether {@code instant} lies between the schedule's start and its end, windows aside. */
    public boolean inForceAt(Instant instant) {
        return !instant.isBefore(validFrom) && !isOverAt(instant);
    }

    /** Whether the schedule is still to begin at {@code instant}. */
    public boolean beginsAfter(Instant instant) {
        return instant.isBefore(validFrom);
    }

    /** Whether the schedule has ended for good at {@code instant}. */
    public boolean isOverAt(Instant instant) {
        return validUntil != null && !instant.isBefore(validUntil);
    }
}
