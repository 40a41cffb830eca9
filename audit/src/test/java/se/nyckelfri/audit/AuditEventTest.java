package se.nyckelfri.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    @Test
    void boundedTextWhenPlainAndShortEnoughThenUnchanged() {
        assertThat(AuditEvent.boundedText("GET /api/v1/audit-records")).isEqualTo("GET /api/v1/audit-records");
        assertThat(AuditEvent.boundedText("x".repeat(AuditEvent.MAX_TEXT))).hasSize(AuditEvent.MAX_TEXT);
        assertThat(AuditEvent.boundedText("Åsa \uD83D\uDD12")).isEqualTo("Åsa \uD83D\uDD12");
    }

    @Test
    void boundedTextWhenTooLongOrHoldingControlsThenReadablePrefixAndTheHashOfTheWhole() throws Exception {
        String path = "GET /api/v1/audit/log/tile/entries/" + "x".repeat(250);
        String bounded = AuditEvent.boundedText(path);
        assertThat(bounded).startsWith(path.substring(0, 120) + "...[sha256:")
                .endsWith(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(path.getBytes(StandardCharsets.UTF_8))) + "]");
        assertThat(AuditEvent.boundedText("a\u0000b\u202ec\ud800")).startsWith("a?b?c?...[sha256:");
        assertThat(AuditEvent.boundedText(" ")).startsWith(" ...[sha256:");
    }

    @Property
    void boundedTextIsAlwaysAValidSubjectId(@ForAll String anything) {
        String bounded = AuditEvent.boundedText(anything);
        AuditEvent event = AuditEvent.of("ACCESS_REFUSED", "U-TEST").subject("endpoint", bounded).build();
        assertThat(event.subjectId()).hasSizeLessThanOrEqualTo(AuditEvent.MAX_TEXT);
        assertThat(AuditEvent.boundedText(bounded)).as("bounded twice is bounded once").isEqualTo(bounded);
    }
}
