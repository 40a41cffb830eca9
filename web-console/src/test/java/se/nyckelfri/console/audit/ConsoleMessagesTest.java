package se.nyckelfri.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The console says everything in both its languages, and every event type an auditor can pick in plain words. */
class ConsoleMessagesTest {

    private static final Properties ENGLISH = load("console/messages.properties");
    private static final Properties SWEDISH = load("console/messages_sv.properties");

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
