package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * Tile paths an attacker makes up, anonymously: indexes whose tile arithmetic overflows a long, levels above the
 * highest a tree of 2^63 leaves has. Each is a 404 problem and nothing in the log; never a 500 with a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class TilePathOverflowTest extends PlatformIntegrationTest {

    @Autowired
    MerkleAuditLog log;

    @Test
    void tileWhenIndexOrLevelOverflowsTheTreeArithmeticThenNotFoundAndNoStackTrace(CapturedOutput output) {
        for (int i = 0; i < 300; i++) {
            log.appendDurably(AuditEvent.of("TEST_TILE_OVERFLOW", "U-TILES").subject("test", i).build());
        }
        log.awaitCheckpoint(Duration.ofSeconds(10));
        int logged = output.length();

        for (String path : new String[] {
                "0/x999/x999/x999/x999/x999/999",         // index * 256 overflows a long
                "0/x999/x999/x999/x999/x999/999.p/7",
                "1/x036/x028/x797/x018/x963/968",         // 2^55: the first index whose * 256 wraps round
                "8/000", "8/000.p/1", "9/000", "63/000", "63/000.p/255", // 8 * level shifts by 64 bits or more: no such level
                "99/000", "64/000",
                "0/x999/x999/x999/x999/x999/x999/999"     // 21 digits, more than a long holds
        }) {
            Response anonymous = api.get("/api/v1/audit/log/tile/" + path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(404);
            assertThat(anonymous.isProblem()).as(path).isTrue();
        }
        assertThat(output.toString().substring(logged)).doesNotContain("Exception").doesNotContain("ERROR");
    }
}
