package se.nyckelfri.access.system;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Dates a client may ask about: the years 1-9999, well inside what PostgreSQL stores (4713 BC to 294276 AD) and
 * what {@code java.time} computes without overflow. A date outside them is a 400 naming the parameter, never a
 * database error answered as a 409 or 500. Thread-safe: stateless.
 */
public final class OrdinaryDates {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private OrdinaryDates() {
    }

    /** Refuses {@code date} (which may be {@code null}: no date) outside the years 1-9999. */
    public static void require(String field, Instant date) {
        if (date != null && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
            throw new InvalidInputException(field, "must be in the years 1-9999");
        }
    }

    /** Refuses {@code date} (which may be {@code null}: no date) outside the years 1-9999. */
    public static void require(String field, LocalDate date) {
        if (date != null && (date.getYear() < 1 || date.getYear() > 9999)) {
            throw new InvalidInputException(field, "must be in the years 1-9999");
        }
    }
}
