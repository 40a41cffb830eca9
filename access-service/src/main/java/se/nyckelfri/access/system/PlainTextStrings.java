package se.nyckelfri.access.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Every string in a request body is plain text, checked when the JSON is read so the client gets 400 naming the
 * field instead of a database error later or a name that lies on screen. Refused everywhere: control characters
 * (C0 and C1, NUL above all, which PostgreSQL refuses to store) other than tab and line breaks; format characters
 * (Unicode category Cf: the bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, the marks
 * U+200E, U+200F and U+061C, the zero-width characters U+200B-U+200D, U+2060 and U+FEFF, the soft hyphen), which
 * are invisible or reorder what is shown; and unpaired surrogates (a JSON {@code \ud800}), which no encoding can
 * store. Names, labels and identifiers ({@link #SINGLE_LINE}) are one line: no tab or line break either.
 * Registered with Spring's ObjectMapper as a Jackson module. See docs/design/personal-data.md.
 */
@Component
public class PlainTextStrings extends SimpleModule {

    /** JSON field names that hold a name, label or identifier: shown on one line, so no tab or line break. */
    static final Set<String> SINGLE_LINE = Set.of("name", "displayName", "label", "location", "serial", "vendor",
            "vendorLockId", "subject", "personalIdentityNumber", "resident", "alarmReference");

    public PlainTextStrings() {
        super("nyckelfri-plain-text-strings");
        addDeserializer(String.class, new Deserializer());
    }

    private static final class Deserializer extends StdScalarDeserializer<String> {

        Deserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null) {
                String field = parser.currentName(); // null for an array's elements; Set.of refuses contains(null)
                String problem = problem(value, field != null && SINGLE_LINE.contains(field));
                if (problem != null) {
                    throw InvalidFormatException.from(parser, problem, value, String.class);
                }
            }
            return value;
        }
    }

    /**
     * What is wrong with {@code value} as plain text (for a name, label or search term: {@code singleLine}), or
     * {@code null}; never echoes the value. For text that arrives other than in a JSON body (query parameters, forms).
     */
    public static String problem(String value, boolean singleLine) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair: one supplementary character (an emoji, say), plain unless a format character (a tag)
                if (Character.getType(value.codePointAt(i - 1)) == Character.FORMAT) {
                    return "format characters are not allowed";
                }
                continue;
            }
            if (Character.isSurrogate(c)) {
                return "unpaired surrogates are not allowed";
            }
            boolean lineBreakOrTab = c == '\t' || c == '\n' || c == '\r';
            if (lineBreakOrTab ? singleLine : Character.isISOControl(c)) {
                return "control characters are not allowed";
            }
            if (Character.getType(c) == Character.FORMAT) {
                return "invisible or direction-changing format characters are not allowed";
            }
        }
        return null;
    }
}
