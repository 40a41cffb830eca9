package se.nyckelfri.access.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Schedule#plansVisitOn}, which puts a resident on a staff member's list for the day, against an independent
 * formulation: the day (Stockholm, 23 to 25 hours) has at least one minute the schedule covers. Schedules, windows
 * and days are drawn across the daylight saving changes of 2026 (window bounds often in the night hours the clock
 * skips or repeats), and everything is minute-aligned, so scanning the day's minutes is exact.
 */
class ScheduleProperties {

    private static final LocalDate FIRST = LocalDate.of(2026, 3, 20);   // spring forward on 29 March, back on 25 October

    @Property(tries = 1000)
    void plansVisitOnWhenAnyMinuteOfTheDayIsCoveredThenTrueElseFalse(@ForAll("schedules") Schedule schedule,
                                                                     @ForAll("days") LocalDate day) {
        assertThat(schedule.plansVisitOn(day)).as("%s on %s", schedule, day).isEqualTo(someMinuteCovered(schedule, day));
    }

    /**
     * What an offline credential may span: within the 12 hours from a moment of the day (minute-aligned), a minute is
     * inside one of {@link Schedule#coveredIntervals} exactly when {@link Schedule#covers} covers it; the stretches are
     * in order, apart and not empty.
     */
    @Property(tries = 500)
    void coveredIntervalsWhenScannedMinuteByMinuteThenExactlyTheCoveredMinutes(@ForAll("schedules") Schedule schedule,
                                                                             @ForAll("days") LocalDate day,
                                                                             @ForAll @net.jqwik.api.constraints.IntRange(max = 24 * 60 - 1) int minute) {
        Instant from = day.atStartOfDay(Schedule.ZONE).toInstant().plus(Duration.ofMinutes(minute));
        Instant to = from.plus(Duration.ofHours(12));
        List<Schedule.Interval> intervals = schedule.coveredIntervals(from, to);
        for (int i = 0; i < intervals.size(); i++) {
            Schedule.Interval interval = intervals.get(i);
            assertThat(interval.start()).isBefore(interval.end()).isAfterOrEqualTo(from);
            assertThat(interval.end()).isBeforeOrEqualTo(to);
            if (i > 0) {
                assertThat(interval.start()).as("apart, else joined").isAfter(intervals.get(i - 1).end());
            }
        }
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
            Instant at = t;
            boolean inside = intervals.stream().anyMatch(iv -> !at.isBefore(iv.start()) && at.isBefore(iv.end()));
            assertThat(inside).as("%s at %s", schedule, at).isEqualTo(schedule.covers(at));
        }
    }

    @Example
    void plansVisitOnWhenOvernightWindowThenBothDaysButNotWhenItEndsAtMidnight() {
        Instant from = FIRST.atStartOfDay(Schedule.ZONE).toInstant();
        Schedule night = Schedule.recurring(from, null, List.of(new WeeklyWindow(DayOfWeek.SUNDAY, LocalTime.of(22, 0), LocalTime.of(6, 0))));
        Schedule evening = Schedule.recurring(from, null, List.of(new WeeklyWindow(DayOfWeek.SUNDAY, LocalTime.of(22, 0), LocalTime.MIDNIGHT)));
        LocalDate sunday = LocalDate.of(2026, 3, 22);
        assertThat(night.plansVisitOn(sunday)).isTrue();
        assertThat(night.plansVisitOn(sunday.plusDays(1))).isTrue();
        assertThat(evening.plansVisitOn(sunday)).isTrue();
        assertThat(evening.plansVisitOn(sunday.plusDays(1))).isFalse();
        assertThat(Schedule.emergencyOnly(from, null).plansVisitOn(sunday)).isFalse();
    }

    private static boolean someMinuteCovered(Schedule schedule, LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay(Schedule.ZONE).toInstant();
        for (Instant t = day.atStartOfDay(Schedule.ZONE).toInstant(); t.isBefore(end); t = t.plusSeconds(60)) {
            if (schedule.covers(t)) {
                return true;
            }
        }
        return false;
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 230).map(FIRST::plusDays),
                Arbitraries.of(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 30), LocalDate.of(2026, 10, 25),
                        LocalDate.of(2026, 10, 26)));
    }

    @Provide
    Arbitrary<Schedule> schedules() {
        Arbitrary<Instant> from = Arbitraries.longs().between(-3 * 24 * 60, 230L * 24 * 60)
                .map(m -> FIRST.atStartOfDay(Schedule.ZONE).toInstant().plus(Duration.ofMinutes(m)));
        Arbitrary<Duration> length = Arbitraries.longs().between(1, 20 * 24 * 60).map(Duration::ofMinutes);
        Arbitrary<Boolean> open = Arbitraries.of(true, false);
        Arbitrary<List<WeeklyWindow>> windows = window().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Schedule> recurring = Combinators.combine(from, length, open, windows)
                .as((f, l, o, w) -> Schedule.recurring(f, o ? null : f.plus(l), w));
        Arbitrary<Schedule> oneOff = Combinators.combine(from, length).as((f, l) -> Schedule.oneOff(f, f.plus(l)));
        Arbitrary<Schedule> emergency = Combinators.combine(from, length).as((f, l) -> Schedule.emergencyOnly(f, f.plus(l)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, recurring), net.jqwik.api.Tuple.of(2, oneOff),
                net.jqwik.api.Tuple.of(1, emergency));
    }

    /** Minute-aligned windows, with bounds in the hours that the clock changes skip or repeat as well. */
    private static Arbitrary<WeeklyWindow> window() {
        Arbitrary<LocalTime> times = Arbitraries.oneOf(Arbitraries.integers().between(0, 24 * 60 - 1),
                        Arbitraries.integers().between(60, 4 * 60))
                .map(m -> LocalTime.of(m / 60, m % 60));
        return Combinators.combine(Arbitraries.of(DayOfWeek.class), times, times).as(WeeklyWindow::new);
    }
}
