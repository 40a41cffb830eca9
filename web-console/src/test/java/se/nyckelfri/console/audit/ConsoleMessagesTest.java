package se.nyckelfri.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console says everything in both its languages, and every event type an auditor can pick in plain words. */
class ConsoleMessagesTest {

    private static final Properties ENGLISH = load("console/messages.properties");
    private static final Properties SWEDISH = load("console/messages_sv.properties");
    private static final Pattern ARGUMENT = Pattern.compile("\\{\\d");

    @Test
    void messagesWhenEitherLanguageHasAKeyThenTheOtherHasItToo() {
        assertThat(SWEDISH.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(ENGLISH.stringPropertyNames());
    }

    @Test
    void auditTypesWhenOfferedInTheSearchThenEachHasPlainWords() {
        for (String type : AuditPages.TYPES) {
            assertThat(ENGLISH.getProperty("audit.type." + type)).as(type).isNotBlank();
            assertThat(SWEDISH.getProperty("audit.type." + type)).as(type).isNotBlank();
        }
    }

    /**
     * A message with arguments goes through MessageFormat, where an apostrophe is written twice; one without is shown
     * as written (Spring's default), where a doubled apostrophe would show as two. Each must follow its own rule.
     */
    @Test
    void messagesWhenTheyHoldAnApostropheThenWrittenAsTheirKindIsShown() {
        for (Properties language : new Properties[] {ENGLISH, SWEDISH}) {
            for (String key : language.stringPropertyNames()) {
                String text = language.getProperty(key);
                if (ARGUMENT.matcher(text).find()) {
                    assertThat(text.replace("''", "")).as(key + " has arguments: write an apostrophe as ''").doesNotContain("'");
                } else {
                    assertThat(text).as(key + " has no arguments: an apostrophe is written once").doesNotContain("''");
                }
            }
        }
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = ConsoleMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
