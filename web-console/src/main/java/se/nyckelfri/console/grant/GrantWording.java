package se.nyckelfri.console.grant;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.console.system.ConsoleTime;

/**
 * A grant in plain words, in the reader's language: "Anna Andersson may open Storgatan 3, Mon–Fri 07:00–07:45".
 * Times are Stockholm wall-clock times, as the grant itself keeps them. Stateless and thread-safe.
 */
@Component
public class GrantWording {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final MessageSource messages;

    GrantWording(MessageSource messages) {
        this.messages = messages;
    }

    /** The whole sentence: who may open what, and when. */
    public String sentence(String who, String doors, Schedule schedule, Locale locale) {
        return messages.getMessage("grant.sentence", new Object[] {who, doors, when(schedule, locale)}, locale);
    }

    /**
     * When, alone: "Mon–Fri 07:00–07:45", "from 2026-11-24 08:00 to 2026-11-24 12:00", or "only in an emergency
     * (alarm), until revoked".
     */
    public String when(Schedule schedule, Locale locale) {
        if (schedule.kind() == GrantKind.EMERGENCY_ONLY) {
            return schedule.validUntil() == null ? messages.getMessage("grant.when.emergencyOnly", null, locale)
                    : messages.getMessage("grant.when.emergencyOnlyUntil", new Object[] {ConsoleTime.of(schedule.validUntil())}, locale);
        }
        if (schedule.kind() == GrantKind.RECURRING) {
            String windows = windows(schedule.windows(), locale);
            if (schedule.validUntil() != null) {
                return messages.getMessage("grant.when.recurringUntil", new Object[] {windows, ConsoleTime.of(schedule.validUntil())}, locale);
            }
            return windows;
        }
        return messages.getMessage("grant.when.between", new Object[] {ConsoleTime.of(schedule.validFrom()),
                schedule.validUntil() == null ? "" : ConsoleTime.of(schedule.validUntil())}, locale);
    }

    /** Windows with the same hours are told together, and runs of days as ranges: "Mon–Fri 07:00–07:45, Sat 09:00–09:30". */
    static String windows(List<WeeklyWindow> windows, Locale locale) {
        Map<String, TreeSet<DayOfWeek>> byHours = new LinkedHashMap<>();
        windows.stream()
                .sorted((a, b) -> a.day() != b.day() ? a.day().compareTo(b.day()) : a.start().compareTo(b.start()))
                .forEach(w -> byHours.computeIfAbsent(hours(w.start(), w.end()), h -> new TreeSet<>()).add(w.day()));
        List<String> parts = new ArrayList<>();
        byHours.forEach((hours, days) -> parts.add(days(days, locale) + " " + hours));
        return String.join(", ", parts);
    }

    private static String hours(LocalTime start, LocalTime end) {
        return TIME.format(start) + "–" + TIME.format(end);
    }

    private static String days(TreeSet<DayOfWeek> days, Locale locale) {
        List<String> runs = new ArrayList<>();
        DayOfWeek runStart = null;
        DayOfWeek previous = null;
        for (DayOfWeek day : days) {
            if (runStart == null) {
                runStart = day;
            } else if (day.getValue() != previous.getValue() + 1) {
                runs.add(run(runStart, previous, locale));
                runStart = day;
            }
            previous = day;
        }
        if (runStart != null) {
            runs.add(run(runStart, previous, locale));
        }
        return String.join(", ", runs);
    }

    private static String run(DayOfWeek first, DayOfWeek last, Locale locale) {
        String a = first.getDisplayName(TextStyle.SHORT, locale);
        if (first == last) {
            return a;
        }
        String b = last.getDisplayName(TextStyle.SHORT, locale);
        return last.getValue() == first.getValue() + 1 ? a + ", " + b : a + "–" + b;
    }
}
