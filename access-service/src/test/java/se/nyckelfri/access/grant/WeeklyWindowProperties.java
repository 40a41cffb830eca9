package se.nyckelfri.access.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneRules;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Weekly windows in Europe/Stockholm wall-clock time, checked against an independent formulation (real-time
 * intervals built from the zone rules) with instants concentrated around daylight saving changes and midnight.
 */
class WeeklyWindowProperties {

    private static final ZoneId ZONE = Schedule.ZONE;
    private static final ZoneRules RULES = ZONE.getRules();

    /**
     * Where the window's bounds are ordinary wall-clock times (not skipped or repeated by a DST change), being
     * inside the window is exactly being inside the real-time interval from the start's instant to the end's.
     */
    @Property(tries = 3000)
    void containsWhenBoundsUnambiguousThenAgreesWithRealTimeInterval(@ForAll("windows") WeeklyWindow window,
                                                                    @ForAll("instantsAroundDstAndMidnight") Instant t) {
        LocalDate today = t.atZone(ZONE).toLocalDate();
        boolean expected = false;
        for (LocalDate date : new LocalDate[] {today.minusDays(1), today}) {
            if (date.getDayOfWeek() != window.day()) {
                continue;
            }
            LocalDateTime start = date.atTime(window.start());
            LocalDateTime end = (window.crossesMidnight() ? date.plusDays(1) : date).atTime(window.end());
            Assume.that(unambiguous(start) && unambiguous(end));
            Instant from = ZonedDateTime.of(start, ZONE).toInstant();
            Instant until = ZonedDateTime.of(end, ZONE).toInstant();
            expected |= !t.isBefore(from) && t.isBefore(until);
        }
        assertThat(window.contains(t, ZONE)).isEqualTo(expected);
    }

    /** A window that runs past midnight is the evening part on its day plus the morning part on the next. */
    @Property(tries = 2000)
    void containsWhenCrossingMidnightThenEqualsEveningPlusNextMorning(@ForAll DayOfWeek day,
                                                                     @ForAll("minutes") LocalTime start,
                                                                     @ForAll("minutes") LocalTime end,
                                                                     @ForAll("instantsAroundDstAndMidnight") Instant t) {
        Assume.that(!end.isAfter(start) && end.isAfter(LocalTime.MIDNIGHT));
        WeeklyWindow night = new WeeklyWindow(day, start, end);
        WeeklyWindow evening = new WeeklyWindow(day, start, LocalTime.MIDNIGHT);
        WeeklyWindow morning = new WeeklyWindow(day.plus(1), LocalTime.MIDNIGHT, end);
        assertThat(night.contains(t, ZONE)).isEqualTo(evening.contains(t, ZONE) || morning.contains(t, ZONE));
    }

    /** Over any week, the real time inside a window is its wall-clock length, give or take the DST hour. */
    @Property(tries = 200)
    void realLengthOverAWeekIsWallClockLengthWithinOneDstHour(@ForAll("windows") WeeklyWindow window,
                                                             @ForAll("weekStarts") Instant weekStart) {
        long insideMinutes = 0;
        for (Instant t = weekStart; t.isBefore(weekStart.plus(Duration.ofDays(7))); t = t.plusSeconds(60)) {
            if (window.contains(t, ZONE)) {
                insideMinutes++;
            }
        }
        long wallClock = Duration.between(window.start(), window.end()).toMinutes();
        if (window.crossesMidnight()) {
            wallClock += 24 * 60;
        }
        // The week's first and last day may cut the window; compare only weeks that hold one whole occurrence.
        ZonedDateTime first = weekStart.atZone(ZONE);
        Assume.that(first.getDayOfWeek() == DayOfWeek.MONDAY && window.day() != DayOfWeek.SUNDAY);
        assertThat(insideMinutes).isBetween(wallClock - 60, wallClock + 60);
        if (!transitionWithin(weekStart, weekStart.plus(Duration.ofDays(7)))) {
            assertThat(insideMinutes).isEqualTo(wallClock);
        }
    }

    @Example
    void containsWhenSpringForwardThenSkippedHourShortensWindow() {
        // 29 March 2026: clocks go from 02:00 CET straight to 03:00 CEST (01:00 UTC).
        WeeklyWindow window = new WeeklyWindow(DayOfWeek.SUNDAY, LocalTime.of(1, 30), LocalTime.of(3, 30));
        assertThat(window.contains(Instant.parse("2026-03-29T00:29:59Z"), ZONE)).isFalse();
        assertThat(window.contains(Instant.parse("2026-03-29T00:30:00Z"), ZONE)).isTrue();  // 01:30 CET
        assertThat(window.contains(Instant.parse("2026-03-29T01:00:00Z"), ZONE)).isTrue();  // 03:00 CEST
        assertThat(window.contains(Instant.parse("2026-03-29T01:29:59Z"), ZONE)).isTrue();  // 03:29:59 CEST
        assertThat(window.contains(Instant.parse("2026-03-29T01:30:00Z"), ZONE)).isFalse(); // 03:30 CEST
    }

    @Example
    void containsWhenFallBackThenRepeatedHourIsInsideBothTimes() {
        // 25 October 2026: clocks go from 03:00 CEST back to 02:00 CET (01:00 UTC); 02:00-03:00 happens twice.
        WeeklyWindow window = new WeeklyWindow(DayOfWeek.SUNDAY, LocalTime.of(2, 0), LocalTime.of(3, 0));
        assertThat(window.contains(Instant.parse("2026-10-24T23:59:59Z"), ZONE)).isFalse();
        assertThat(window.contains(Instant.parse("2026-10-25T00:00:00Z"), ZONE)).isTrue();  // 02:00 CEST
        assertThat(window.contains(Instant.parse("2026-10-25T01:30:00Z"), ZONE)).isTrue();  // 02:30 CET
        assertThat(window.contains(Instant.parse("2026-10-25T02:00:00Z"), ZONE)).isFalse(); // 03:00 CET
    }

    @Example
    void containsWhenSummerOrWinterThenSameWallClockTimes() {
        WeeklyWindow morning = new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(7, 0), LocalTime.of(7, 45));
        assertThat(morning.contains(Instant.parse("2026-01-12T06:00:00Z"), ZONE)).isTrue();  // 07:00 CET
        assertThat(morning.contains(Instant.parse("2026-01-12T05:30:00Z"), ZONE)).isFalse();
        assertThat(morning.contains(Instant.parse("2026-07-13T05:00:00Z"), ZONE)).isTrue();  // 07:00 CEST
        assertThat(morning.contains(Instant.parse("2026-07-13T06:00:00Z"), ZONE)).isFalse(); // 08:00 CEST
        assertThat(morning.contains(Instant.parse("2026-07-13T05:45:00Z"), ZONE)).isFalse(); // end is exclusive
    }

    @Example
    void containsWhenWholeDayThenMidnightToMidnight() {
        WeeklyWindow tuesday = new WeeklyWindow(DayOfWeek.TUESDAY, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
        assertThat(tuesday.contains(Instant.parse("2026-11-23T22:59:59Z"), ZONE)).isFalse(); // Mon 23:59:59
        assertThat(tuesday.contains(Instant.parse("2026-11-23T23:00:00Z"), ZONE)).isTrue();  // Tue 00:00
        assertThat(tuesday.contains(Instant.parse("2026-11-24T22:59:59Z"), ZONE)).isTrue();  // Tue 23:59:59
        assertThat(tuesday.contains(Instant.parse("2026-11-24T23:00:00Z"), ZONE)).isFalse(); // Wed 00:00
    }

    @Provide
    Arbitrary<WeeklyWindow> windows() {
        return Combinators.combine(Arbitraries.of(DayOfWeek.class), minutes(), minutes()).as(WeeklyWindow::new);
    }

    /** Minute-aligned times, with extra weight on the small hours where DST changes happen. */
    @Provide
    Arbitrary<LocalTime> minutes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 24 * 60 - 1)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(60, 4 * 60))
        ).map(m -> LocalTime.of(m / 60, m % 60));
    }

    /** Instants within three days of a DST change in 2020-2035, or anywhere in those years. */
    @Provide
    Arbitrary<Instant> instantsAroundDstAndMidnight() {
        Arbitrary<Instant> nearTransition = Combinators.combine(
                Arbitraries.integers().between(2020, 2035), Arbitraries.of(3, 10),
                Arbitraries.longs().between(-3 * 86_400, 3 * 86_400)
        ).as((year, month, offset) -> transition(year, month).plusSeconds(offset));
        Arbitrary<Instant> anywhere = Arbitraries.longs()
                .between(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(), Instant.parse("2035-12-31T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
        return Arbitraries.oneOf(nearTransition, anywhere);
    }

    /** Local Mondays 00:00 of weeks around DST changes and of ordinary weeks. */
    @Provide
    Arbitrary<Instant> weekStarts() {
        return Combinators.combine(Arbitraries.integers().between(2020, 2035), Arbitraries.of(1, 3, 6, 10))
                .as((year, month) -> {
                    LocalDate lastSunday = LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
                    return lastSunday.minusDays(6).atStartOfDay(ZONE).toInstant();
                });
    }

    /** The EU's change: last Sunday of March or October at 01:00 UTC. */
    private static Instant transition(int year, int month) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY))
                .atTime(1, 0).atZone(ZoneId.of("UTC")).toInstant();
    }

    private static boolean unambiguous(LocalDateTime local) {
        return RULES.getValidOffsets(local).size() == 1;
    }

    private static boolean transitionWithin(Instant from, Instant until) {
        var next = RULES.nextTransition(from.minusSeconds(1));
        return next != null && next.getInstant().isBefore(until);
    }
}
