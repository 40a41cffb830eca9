package se.nyckelfri.console.system;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import se.nyckelfri.access.grant.Schedule;

/** Times as the console shows them everywhere: Stockholm wall clock, to the minute ("2026-11-24 07:45"). */
public final class ConsoleTime {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Schedule.ZONE);

    private ConsoleTime() {
    }

    /** {@code at} on the wall clock; "" for none. */
    public static String of(Instant at) {
        return at == null ? "" : DATE_TIME.format(at);
    }
}
