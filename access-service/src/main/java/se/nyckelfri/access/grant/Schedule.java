package se.nyckelfri.access.grant;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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

    /** Whether {@code instant} lies between the schedule's start and its end, windows aside. */
    public boolean inForceAt(Instant instant) {
        return !instant.isBefore(validFrom) && !isOverAt(instant);
    }

    /** Whether the schedule has ended for good at {@code instant}. */
    public boolean isOverAt(Instant instant) {
        return validUntil != null && !instant.isBefore(validUntil);
    }
}
