package se.nyckelfri.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One thing that happened, as a caller hands it to the {@link AuditLog}.
 *
 * @param type        what happened, an upper-case code such as {@code GRANT_REVOKED}
 * @param actor       pseudonym of who did it ({@code system:...} for the platform itself)
 * @param subjectKind what it happened to, such as {@code grant}, {@code lock}, {@code resident}
 * @param subjectId   the subject's opaque id or pseudonym
 * @param outcome     {@code OK}, {@code DENIED}, {@code REFUSED}, ...
 * @param reason      a reason code, or {@code null}
 * @param attributes  further opaque ids and codes; never names or personal identity numbers
 */
public record AuditEvent(String type, String actor, String subjectKind, String subjectId,
                         String outcome, String reason, Map<String, String> attributes) {

    /** The longest {@code actor}, {@code subjectKind} or {@code subjectId} an event holds. */
    public static final int MAX_TEXT = 200;
    /** How much of a value {@link #boundedText} keeps readable in front of the hash. */
    static final int PREFIX = 120;

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public AuditEvent {
        requireCode("type", type);
        requireText("actor", actor);
        requireText("subjectKind", subjectKind);
        requireText("subjectId", subjectId);
        requireCode("outcome", outcome);
        if (reason != null) {
            requireCode("reason", reason);
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(new TreeMap<>(attributes));
    }

    /** Starts an event of {@code type} done by {@code actor}. */
    public static Builder of(String type, String actor) {
        return new Builder(type, actor);
    }

    /**
     * {@code value} in a form any text field of an event accepts, for values a client chose (a refused request's
     * path, say): unchanged when it is 1-{@value #MAX_TEXT} characters of plain text; otherwise (too long, blank,
     * or holding control characters, invisible formatting characters or unpaired surrogates) its first
     * {@value #PREFIX} characters, each such character replaced by {@code ?}, followed by
     * {@code ...[sha256:<hex>]}, the SHA-256 of the whole value's UTF-8. So a refusal is recorded whatever was sent,
     * the record stays bounded, and whoever holds the original can match it.
     */
    public static String boundedText(Object value) {
        String text = String.valueOf(value);
        if (!text.isBlank() && text.length() <= MAX_TEXT && plain(text)) {
            return text;
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < text.length() && prefix.length() < PREFIX; ) {
            int c = text.codePointAt(i);
            int n = Character.charCount(c);
            if (prefix.length() + n > PREFIX) {
                break;
            }
            prefix.append(plain(c) ? text.substring(i, i + n) : "?");
            i += n;
        }
        return prefix + "...[sha256:" + HexFormat.of().formatHex(sha256(text)) + "]";
    }

    private static boolean plain(String text) {
        return text.codePoints().allMatch(AuditEvent::plain);
    }

    private static boolean plain(int c) {
        return !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                && Character.getType(c) != Character.SURROGATE; // codePoints() yields an unpaired surrogate as itself
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void requireCode(String name, String value) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be an upper-case code, was: " + value);
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(name + " must be 1-" + MAX_TEXT + " characters");
        }
    }

    /** Builds an {@link AuditEvent}; not thread-safe. */
    public static final class Builder {
        private final String type;
        private final String actor;
        private String subjectKind;
        private String subjectId;
        private String outcome = "OK";
        private String reason;
        private final Map<String, String> attributes = new TreeMap<>();

        private Builder(String type, String actor) {
            this.type = type;
            this.actor = actor;
        }

        public Builder subject(String kind, Object id) {
            this.subjectKind = kind;
            this.subjectId = String.valueOf(id);
            return this;
        }

        public Builder outcome(String outcome, String reason) {
            this.outcome = outcome;
            this.reason = reason;
            return this;
        }

        public Builder attribute(String key, Object value) {
            if (value != null) {
                attributes.put(Objects.requireNonNull(key), String.valueOf(value));
            }
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(type, actor, subjectKind, subjectId, outcome, reason, attributes);
        }
    }
}
