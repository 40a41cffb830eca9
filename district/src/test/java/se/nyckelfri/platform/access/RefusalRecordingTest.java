package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** Every refusal is recorded, whatever the refused request looked like: no request can talk its way out of the log. */
class RefusalRecordingTest extends PlatformIntegrationTest {

    @Autowired
    AuditTrail trail;
    @Autowired
    Accounts accounts;

    @Test
    void roleRefusalWhenThePathIsTooLongToRecordAsGivenThenRecordedAsAPrefixAndTheHashOfTheWhole() throws Exception {
        World world = worlds.create();
        String path = "/api/v1/audit/log/tile/entries/" + "x".repeat(250);

        Response refused = api.get(path, tokens.forSubject(world.a().staff()));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        String pseudonym = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        List<AuditRecord> refusals = trail.find(new AuditTrail.Query("ACCESS_REFUSED", null, null, pseudonym, null, null, -1, 10));
        assertThat(refusals).as("the refusal of a %d-character path", path.length()).hasSize(1);
        String recorded = refusals.get(0).event().subjectId();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("GET " + path).getBytes(StandardCharsets.UTF_8)));
        assertThat(recorded).startsWith("GET /api/v1/audit/log/tile/entries/xxx").endsWith("sha256:" + sha256 + "]")
                .hasSizeLessThanOrEqualTo(200);
        assertThat(refusals.get(0).event().reason()).isEqualTo("ROLE_STAFF");
    }
}
