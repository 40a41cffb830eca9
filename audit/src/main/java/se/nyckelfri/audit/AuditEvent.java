package se.nyckelfri.audit;

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

    private static void requireCode(String name, String value) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be an upper-case code, was: " + value);
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank() || value.length() > 200) {
            throw new IllegalArgumentException(name + " must be 1-200 characters");
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
