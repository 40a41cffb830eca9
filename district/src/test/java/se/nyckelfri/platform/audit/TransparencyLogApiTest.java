package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.SignedNote;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.audit.tile.TileId;
import se.nyckelfri.audit.tile.TileNodes;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The log as an outside tlog client and an auditor see it over HTTP: only the published keys, the checkpoint,
 * tiles and entry bundles, and the proof endpoints; nothing else trusted.
 */
class TransparencyLogApiTest extends PlatformIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    MerkleAuditLog log;

    @Test
    void tlogClientWhenFollowingTheTilesThenRebuildsTheCheckpointedRootAndVerifiesAnEntry() throws Exception {
        for (int i = 0; i < 300; i++) {
            log.appendDurably(AuditEvent.of("TEST_TILES", "U-TILES").subject("test", i).build());
        }
        log.awaitCheckpoint(Duration.ofSeconds(10));
        String[] keyLines = get("/api/v1/audit/log/keys", null).body().split("\n");
        List<NoteKey> keys = Arrays.stream(keyLines).map(NoteKey::parse).toList();
        SignedNote note = SignedNote.parse(get("/api/v1/audit/log/checkpoint", null).body());
        assertThat(note.verify(keys)).hasSize(2);
        Checkpoint checkpoint = Checkpoint.parse(note.text());

        // Anonymous: hash tiles yes, entries no.
        MerkleTree fromHttp = new MerkleTree(new TileNodes(tile -> {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/api/v1/audit/log/tile/" + tile.path())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as(tile.path()).isEqualTo(200);
                return r.body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, checkpoint.size()));
        assertThat(fromHttp.root(checkpoint.size())).isEqualTo(checkpoint.root());
        assertThat(get("/api/v1/audit/log/tile/entries/000", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/audit/log/tile/0/0001", null).statusCode()).isEqualTo(404);

        World world = worlds.create();
        String auditor = tokens.forSubject(world.auditor());
        HttpResponse<byte[]> bundle = http.send(HttpRequest.newBuilder(uri("/api/v1/audit/log/tile/entries/000"))
                .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bundle.statusCode()).isEqualTo(200);
        ByteBuffer entries = ByteBuffer.wrap(bundle.body());
        List<byte[]> leaves = new ArrayList<>();
        while (entries.hasRemaining()) {
            byte[] entry = new byte[entries.getShort() & 0xffff];
            entries.get(entry);
            leaves.add(Hashes.leaf(entry));
        }
        assertThat(leaves).hasSize(TileId.FULL);
        List<byte[]> proof = fromHttp.inclusionProof(7, checkpoint.size());
        assertThat(Proofs.verifyInclusion(7, checkpoint.size(), leaves.get(7), proof, checkpoint.root()).ok()).isTrue();
    }

    @Test
    void auditorWhenAskingForATlogProofThenGetsAnOfflineVerifiableBundleAndTheRequestIsLogged() throws Exception {
        long idx = log.appendDurably(AuditEvent.of("TEST_PROOF", "U-PROOF").subject("test", "one").build());
        log.awaitCheckpoint(Duration.ofSeconds(10));
        World world = worlds.create();
        String auditor = tokens.forSubject(world.auditor());
        String bundle = get("/api/v1/audit/log/entries/" + idx + "/tlog-proof", auditor).body();
        String[] lines = bundle.split("\n");
        assertThat(lines[0]).isEqualTo("c2sp.org/tlog-proof@v1");
        byte[] entry = Base64.getDecoder().decode(lines[1].substring("extra ".length()));
        assertThat(lines[2]).isEqualTo("index " + idx);
        int blank = bundle.indexOf("\n\n");
        List<byte[]> proof = new ArrayList<>();
        for (int i = 3; i < lines.length && !lines[i].isEmpty(); i++) {
            proof.add(Base64.getDecoder().decode(lines[i]));
        }
        SignedNote note = SignedNote.parse(bundle.substring(blank + 2));
        List<NoteKey> keys = Arrays.stream(get("/api/v1/audit/log/keys", null).body().split("\n")).map(NoteKey::parse).toList();
        assertThat(note.verify(keys)).hasSize(2);
        Checkpoint checkpoint = Checkpoint.parse(note.text());
        assertThat(Proofs.verifyInclusion(idx, checkpoint.size(), Hashes.leaf(entry), proof, checkpoint.root()).ok()).isTrue();

        assertThat(log.find(new se.nyckelfri.audit.AuditTrail.Query("AUDIT_READ", "audit_entry", Long.toString(idx), null,
                null, null, -1, 10))).isNotEmpty();
        String staff = tokens.forSubject(world.a().staff());
        assertThat(get("/api/v1/audit/log/entries/" + idx + "/tlog-proof", staff).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/audit/log/entries/" + idx + "/inclusion", tokens.forSubject(world.a().manager())).statusCode()).isEqualTo(403);

        // where the proofs were before they moved under the log's root: a permanent redirect, query kept
        HttpResponse<String> moved = get("/api/v1/audit-log/consistency?from=1&to=2", auditor);
        assertThat(moved.statusCode()).isEqualTo(308);
        assertThat(moved.headers().firstValue("Location").orElse("")).endsWith("/api/v1/audit/log/consistency?from=1&to=2");
        assertThat(get("/api/v1/audit-log/entries/" + idx + "/tlog-proof", auditor).headers().firstValue("Location").orElse(""))
                .endsWith("/api/v1/audit/log/entries/" + idx + "/tlog-proof");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
