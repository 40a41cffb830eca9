package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.note.SignedNote;
import se.nyckelfri.audit.store.Checkpointer;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** The witness over its C2SP HTTP interface: a rollback is refused with 409 and the size it stands at. */
class WitnessApiTest extends PlatformIntegrationTest {

    @Autowired
    MerkleAuditLog log;
    @Autowired
    NoteSigner auditLogSigner;

    @Test
    void addCheckpointWhenOlderThanWhatTheWitnessCosignedThenConflictWithItsSize() throws Exception {
        log.appendDurably(AuditEvent.of("TEST_WITNESS", "U-WITNESS").subject("test", "1").build());
        Checkpointer.Published latest = log.awaitCheckpoint(Duration.ofSeconds(10));
        // A validly signed checkpoint of a smaller, empty-rooted tree: what a rollback would submit.
        Checkpoint rollback = new Checkpoint(log.origin(), 1, new byte[32]);
        String note = rollback.text() + "\n" + auditLogSigner.sign(rollback.text()) + "\n";
        HttpResponse<String> response = post("old 0\n\n" + note);
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/x.tlog.size");
        assertThat(Long.parseLong(response.body().trim())).isGreaterThanOrEqualTo(latest.size());
        assertThat(post("garbage").statusCode()).isEqualTo(400);
        assertThat(SignedNote.parse(log.latestCheckpoint().orElseThrow().note()).signatures()).hasSize(2);
    }

    /** The witness's old address sends a client on to the new one, method and body kept (308), as a redirect-following client sees it. */
    @Test
    void addCheckpointWhenSentToTheOldPathThenPermanentRedirectToTheLogsRoot() throws Exception {
        HttpResponse<String> moved = post("/witness/add-checkpoint", "garbage", HttpClient.Redirect.NEVER);
        assertThat(moved.statusCode()).isEqualTo(308);
        assertThat(moved.headers().firstValue("Location").orElse("")).endsWith("/api/v1/audit/log/witness/add-checkpoint");
        assertThat(post("/witness/add-checkpoint", "garbage", HttpClient.Redirect.NORMAL).statusCode())
                .as("the witness itself answers, after the redirect").isEqualTo(400);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post("/api/v1/audit/log/witness/add-checkpoint", body, HttpClient.Redirect.NEVER);
    }

    private HttpResponse<String> post(String path, String body, HttpClient.Redirect redirects) throws Exception {
        return HttpClient.newBuilder().followRedirects(redirects).build().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
