package se.nyckelfri.audit.tile;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tile of C2SP tlog-tiles: level {@code level} (0 holds leaf hashes), index {@code index} within the level,
 * {@code width} hashes (256 for a full tile, 1-255 for a partial one). Level -1 stands for an entry bundle.
 */
public record TileId(int level, long index, int width) {

    public static final int HEIGHT = 8;
    public static final int FULL = 1 << HEIGHT;
    public static final int ENTRIES = -1;

    private static final Pattern PATH = Pattern.compile(
            "(entries|0|[1-9][0-9]?)/((?:x[0-9]{3}/)*[0-9]{3})(?:\\.p/([1-9][0-9]{0,2}))?");

    public TileId {
        if (level < ENTRIES || level > 63 || index < 0 || width < 1 || width > FULL) {
            throw new IllegalArgumentException("no such tile: level " + level + ", index " + index + ", width " + width);
        }
    }

    public boolean partial() {
        return width < FULL;
    }

    /** The path under {@code <prefix>/tile/}, such as {@code 0/x001/x234/067.p/12} or {@code entries/000}. */
    public String path() {
        StringBuilder n = new StringBuilder(String.format("%03d", index % 1000));
        for (long rest = index / 1000; rest > 0; rest /= 1000) {
            n.insert(0, String.format("x%03d/", rest % 1000));
        }
        return (level == ENTRIES ? "entries" : Integer.toString(level)) + "/" + n + (partial() ? ".p/" + width : "");
    }

    /** Parses a path as {@link #path()} writes it; anything else (leading zeroes, too wide, ...) is empty. */
    public static Optional<TileId> parse(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String[] parts = m.group(2).split("/");
        if (parts.length > 6) {   // 18 digits fit a long; no tree has more tiles than that
            return Optional.empty();
        }
        long index = 0;
        for (String part : parts) {
            index = index * 1000 + Long.parseLong(part.startsWith("x") ? part.substring(1) : part);
        }
        int width = m.group(3) == null ? FULL : Integer.parseInt(m.group(3));
        if (width > 255 && m.group(3) != null) {
            return Optional.empty();
        }
        int level = m.group(1).equals("entries") ? ENTRIES : Integer.parseInt(m.group(1));
        if (level > 63) {
            return Optional.empty();
        }
        TileId id = new TileId(level, index, width);
        return id.path().equals(path) ? Optional.of(id) : Optional.empty();
    }
}
