package se.nyckelfri.access.grant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A window of wall-clock time on one day of every week, such as Monday 07:00–07:45, in the care organisation's
 * time zone. Times are what clocks on the wall show, so a window keeps its wall-clock bounds across daylight
 * saving changes: 07:00–07:45 is 07:00–07:45 in winter and summer alike. An end at or before the start runs past
 * midnight into the next day (22:00–06:00; 00:00–00:00 is the whole day). The start is inclusive, the end
 * exclusive. On the night clocks go forward, wall-clock times that do not exist are in no window; on the night
 * they go back, the repeated hour is in the window both times. Immutable.
 */
@Embeddable
public class WeeklyWindow {

    @Column(name = "day_of_week")
    private short day;
    private LocalTime startTime;
    private LocalTime endTime;

    protected WeeklyWindow() {
    }

    public WeeklyWindow(DayOfWeek day, LocalTime start, LocalTime end) {
        this.day = (short) day.getValue();
        this.startTime = Objects.requireNonNull(start).withNano(0);
        this.endTime = Objects.requireNonNull(end).withNano(0);
    }

    /** Whether {@code instant}, seen on a wall clock in {@code zone}, falls in this window. */
    public boolean contains(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek today = local.getDayOfWeek();
        if (startTime.isBefore(endTime)) {
            return today == day() && !time.isBefore(startTime) && time.isBefore(endTime);
        }
        return (today == day() && !time.isBefore(startTime))
                || (today == day().plus(1) && time.isBefore(endTime));
    }

    public DayOfWeek day() {
        return DayOfWeek.of(day);
    }

    public LocalTime start() {
        return startTime;
    }

    public LocalTime end() {
        return endTime;
    }

    public boolean crossesMidnight() {
        return !startTime.isBefore(endTime);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeeklyWindow w && w.day == day && w.startTime.equals(startTime) && w.endTime.equals(endTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(day, startTime, endTime);
    }

    @Override
    public String toString() {
        return day() + " " + startTime + "–" + endTime;
    }
}
