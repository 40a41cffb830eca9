package se.nyckelfri.access.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * Every string in a request body is plain text: control characters other than tab and line breaks (NUL above
 * all, which PostgreSQL refuses to store) are rejected when the JSON is read, so the client gets 400 naming the
 * field instead of a database error later. Registered with Spring's ObjectMapper as a Jackson module.
 */
@Component
public class PlainTextStrings extends SimpleModule {

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
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                        throw InvalidFormatException.from(parser, "control characters are not allowed", value, String.class);
                    }
                }
            }
            return value;
        }
    }
}
