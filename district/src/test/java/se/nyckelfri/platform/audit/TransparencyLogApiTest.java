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

    /**
     * C2SP tlog-tiles: the partial tiles of every published size stay served. A client reads a checkpoint, the log
     * grows (within the same tile, then past its end, so that its full tile exists), and the client still rebuilds
     * the old tree hash and proves an entry from the served tiles and entry bundles alone: the root by hand from the
     * bundles (RFC 9162 MTH over SHA-256(0x00 || entry)), and the proof the way Go's tlog does, from hash tiles.
     */
    @Test
    void tlogClientWhenTheLogGrewPastItsCheckpointThenStillProvesAgainstIt() throws Exception {
        List<NoteKey> keys = Arrays.stream(get("/api/v1/audit/log/keys", null).body().split("\n")).map(NoteKey::parse).toList();
        String auditor = tokens.forSubject(worlds.create().auditor());
        Checkpoint old;
        do {
            log.appendDurably(AuditEvent.of("TEST_OLD_CHECKPOINT", "U-TILES").subject("test", "before").build());
            log.awaitCheckpoint(Duration.ofSeconds(10));
            SignedNote note = SignedNote.parse(get("/api/v1/audit/log/checkpoint", null).body());
            assertThat(note.verify(keys)).hasSize(2);
            old = Checkpoint.parse(note.text());
        } while (old.size() % TileId.FULL == 0);
        long oldSize = old.size();
        TileId oldLeaves = new TileId(0, oldSize / TileId.FULL, (int) (oldSize % TileId.FULL));
        assertThat(getBytes("/api/v1/audit/log/tile/" + oldLeaves.path(), null).statusCode()).isEqualTo(200);

        // Grow inside the same tile: a newer partial tile replaces the old one as the newest.
        log.appendDurably(AuditEvent.of("TEST_OLD_CHECKPOINT", "U-TILES").subject("test", "same tile").build());
        long grown = log.awaitCheckpoint(Duration.ofSeconds(10)).size();
        assertThat(grown).isGreaterThan(oldSize);
        assertOldCheckpointProvable(old, auditor);

        // Grow past the tile's end: the full tile now exists, the old partial ones must still be served.
        long toTileEnd = TileId.FULL - grown % TileId.FULL;
        for (long i = 0; i <= toTileEnd; i++) {
            log.appendDurably(AuditEvent.of("TEST_OLD_CHECKPOINT", "U-TILES").subject("test", "past the tile").build());
        }
        long past = log.awaitCheckpoint(Duration.ofSeconds(10)).size();
        assertThat(past / TileId.FULL).isGreaterThan(oldSize / TileId.FULL);
        assertThat(getBytes("/api/v1/audit/log/tile/" + new TileId(0, oldSize / TileId.FULL, TileId.FULL).path(), null)
                .statusCode()).isEqualTo(200);
        assertOldCheckpointProvable(old, auditor);

        // A partial tile of a size no checkpoint was published for is not served.
        TileId neverPublished = new TileId(0, past / TileId.FULL + 1, 1);
        assertThat(getBytes("/api/v1/audit/log/tile/" + neverPublished.path(), null).statusCode()).isEqualTo(404);
    }

    private void assertOldCheckpointProvable(Checkpoint old, String auditor) throws Exception {
        long size = old.size();
        List<byte[]> leaves = new ArrayList<>();
        for (long bundle = 0; bundle * TileId.FULL < size; bundle++) {
            int width = (int) Math.min(TileId.FULL, size - bundle * TileId.FULL);
            HttpResponse<byte[]> served = getBytes("/api/v1/audit/log/tile/" + new TileId(TileId.ENTRIES, bundle, width).path(), auditor);
            assertThat(served.statusCode()).as("bundle %d width %d", bundle, width).isEqualTo(200);
            ByteBuffer entries = ByteBuffer.wrap(served.body());
            while (entries.hasRemaining()) {
                byte[] entry = new byte[entries.getShort() & 0xffff];
                entries.get(entry);
                java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
                sha256.update((byte) 0);
                leaves.add(sha256.digest(entry));
            }
        }
        assertThat(leaves).hasSize((int) size);
        assertThat(mth(leaves)).as("the old tree hash, from the bundles by hand").isEqualTo(old.root());

        MerkleTree fromTiles = new MerkleTree(new TileNodes(tile -> {
            try {
                HttpResponse<byte[]> r = getBytes("/api/v1/audit/log/tile/" + tile.path(), null);
                assertThat(r.statusCode()).as(tile.path()).isEqualTo(200);
                return r.body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, size));
        assertThat(fromTiles.root(size)).as("the old tree hash, from the hash tiles").isEqualTo(old.root());
        long index = size - 1;
        assertThat(Proofs.verifyInclusion(index, size, leaves.get((int) index), fromTiles.inclusionProof(index, size), old.root()).ok())
                .isTrue();
    }

    /** RFC 9162 section 2.1.1, written out: the hash of a list of leaf hashes. */
    private static byte[] mth(List<byte[]> leaves) throws Exception {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        sha256.update((byte) 1);
        sha256.update(mth(leaves.subList(0, k)));
        sha256.update(mth(leaves.subList(k, leaves.size())));
        return sha256.digest();
    }

    private HttpResponse<byte[]> getBytes(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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
