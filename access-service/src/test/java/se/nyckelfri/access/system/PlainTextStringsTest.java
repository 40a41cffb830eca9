package se.nyckelfri.access.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainTextStringsTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new PlainTextStrings());

    record Named(String name, String reason, List<String> tags) { }

    @Test
    void readWhenPlainTextOfAnyScriptThenKept() throws Exception {
        Named named = json.readValue("""
                {"name": "Åsa Öberg \\ud83d\\udd12 李", "reason": "two lines\\nand a\\ttab", "tags": ["a", "b"]}""", Named.class);
        assertThat(named.name()).isEqualTo("Åsa Öberg \uD83D\uDD12 李");
        assertThat(named.reason()).contains("\n");
        assertThat(named.tags()).containsExactly("a", "b");
    }

    @Test
    void readWhenControlFormatOrUnpairedSurrogateThenRefused() {
        for (String bad : new String[] {"\\u0000", "\\u0085", "\\u202e", "\\u2066", "\\u200b", "\\u200d", "\\u2060",
                "\\ufeff", "\\u00ad", "\\ud800", "\\udc00", "\\ud800\\ud800", "\\udb40\\udc41" /* a tag character */}) {
            assertThatThrownBy(() -> json.readValue("{\"reason\": \"x" + bad + "y\"}", Named.class)).as(bad)
                    .isInstanceOf(InvalidFormatException.class);
            assertThatThrownBy(() -> json.readValue("{\"tags\": [\"x" + bad + "y\"]}", Named.class)).as("in an array: " + bad)
                    .isInstanceOf(InvalidFormatException.class);
        }
    }

    @Test
    void readWhenALineBreakOrTabInANameThenRefusedButInFreeTextKept() throws Exception {
        assertThatThrownBy(() -> json.readValue("{\"name\": \"Anna\\nBerg\"}", Named.class)).isInstanceOf(InvalidFormatException.class);
        assertThatThrownBy(() -> json.readValue("{\"name\": \"Anna\\tBerg\"}", Named.class)).isInstanceOf(InvalidFormatException.class);
        assertThat(json.readValue("{\"tags\": [\"a\\nb\"]}", Named.class).tags()).containsExactly("a\nb");
        assertThat(json.readValue("\"root\\nstring\"", String.class)).isEqualTo("root\nstring");
        assertThat(json.readValue("{\"k\": \"v\"}", Map.class)).containsEntry("k", "v");
    }
}
