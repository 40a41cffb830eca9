package se.nyckelfri.console.system;

import java.util.List;

/**
 * One page of a long list: its rows, its number (from 1) and how many pages there are. A page number out of range
 * gives the nearest page. Immutable.
 */
public record Paged<T>(List<T> rows, int page, int pages, int total) {

    public static <T> Paged<T> of(List<T> all, int page, int size) {
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int current = Math.min(Math.max(1, page), pages);
        return new Paged<>(List.copyOf(all.subList((current - 1) * size, Math.min(all.size(), current * size))), current, pages,
                all.size());
    }
}
