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
