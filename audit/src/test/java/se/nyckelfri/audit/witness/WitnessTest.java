package se.nyckelfri.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.merkle.InMemoryNodes;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.note.SignedNote;

class WitnessTest {

    static final String ORIGIN = "nyckelfri.test/audit";

    @TempDir
    Path dir;
    NoteSigner log;
    Witness witness;
    List<byte[]> leaves = new ArrayList<>();

    @BeforeEach
    void setUp() {
        log = NoteSigner.loadOrCreate(dir.resolve("log.key"), ORIGIN, NoteKey.ED25519);
        NoteSigner cosigner = NoteSigner.loadOrCreate(dir.resolve("witness.key"), "witness.nyckelfri.test", NoteKey.COSIGNATURE_V1);
        witness = new Witness(cosigner, Map.of(ORIGIN, List.of(log.key())), new WitnessState(dir.resolve("state")),
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 40; i++) {
            leaves.add(Hashes.leaf(ByteBuffer.allocate(4).putInt(i).array()));
        }
    }

    @Test
    void addCheckpointWhenConsistentThenCosignedAndCosignatureVerifies() throws Exception {
        assertThat(witness.addCheckpoint(request(0, 10, leaves)).status()).isEqualTo(200);
        WitnessClient.Response second = witness.addCheckpoint(request(10, 25, leaves));
        assertThat(second.status()).isEqualTo(200);
        SignedNote note = SignedNote.parse(checkpointNote(25, leaves));
        SignedNote cosigned = note.with(SignedNote.parseLines(second.body()));
        List<SignedNote.Verified> verified = cosigned.verify(List.of(log.key(), witness.key()));
        assertThat(verified).extracting(v -> v.key().name()).containsExactly(ORIGIN, "witness.nyckelfri.test");
        assertThat(verified.get(1).time()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z").getEpochSecond());
    }

    @Test
    void addCheckpointWhenRollbackThenRefused() {
        witness.addCheckpoint(request(0, 20, leaves));
        WitnessClient.Response rollback = witness.addCheckpoint(request(0, 10, leaves));
        assertThat(rollback.status()).isEqualTo(409);
        assertThat(rollback.body()).isEqualTo("20\n");
        assertThat(witness.addCheckpoint(request(20, 10, leaves)).status()).isEqualTo(400);
    }

    @Test
    void addCheckpointWhenForkedHistoryThenRefused() {
        witness.addCheckpoint(request(0, 20, leaves));
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(5, Hashes.leaf("rewritten by a superuser".getBytes()));
        // Same size, other root: a fork.
        assertThat(witness.addCheckpoint(request(20, 20, rewritten)).status()).isEqualTo(409);
        // Larger, with a proof computed honestly over the rewritten history: does not lead to the cosigned root.
        assertThat(witness.addCheckpoint(request(20, 30, rewritten)).status()).isEqualTo(422);
        // The witness still stands where it was.
        assertThat(witness.addCheckpoint(request(20, 30, leaves)).status()).isEqualTo(200);
    }

    @Test
    void addCheckpointWhenNotSignedByTheLogThenForbidden() throws Exception {
        NoteSigner impostor = NoteSigner.loadOrCreate(dir.resolve("other.key"), ORIGIN, NoteKey.ED25519);
        Checkpoint checkpoint = new Checkpoint(ORIGIN, 10, new MerkleTree(InMemoryNodes.of(leaves)).root(10));
        String body = "old 0\n\n" + checkpoint.text() + "\n" + impostor.sign(checkpoint.text()) + "\n";
        assertThat(witness.addCheckpoint(body).status()).isEqualTo(403);
    }

    @Test
    void addCheckpointWhenUnknownOriginOrGarbageThenClearStatus() {
        Checkpoint other = new Checkpoint("other.example/log", 1, new byte[32]);
        assertThat(witness.addCheckpoint("old 0\n\n" + other.text() + "\n" + log.sign(other.text()) + "\n").status()).isEqualTo(404);
        assertThat(witness.addCheckpoint("garbage").status()).isEqualTo(400);
        assertThat(witness.addCheckpoint("old 01\n\nx\n").status()).isEqualTo(400);
        assertThat(witness.addCheckpoint("old 0\n!!!\n\n" + request(0, 1, leaves).substring(7)).status()).isEqualTo(400);
    }

    @Test
    void stateWhenWitnessRestartsThenKept() throws Exception {
        witness.addCheckpoint(request(0, 20, leaves));
        NoteSigner cosigner = NoteSigner.loadOrCreate(dir.resolve("witness.key"), "witness.nyckelfri.test", NoteKey.COSIGNATURE_V1);
        Witness restarted = new Witness(cosigner, Map.of(ORIGIN, List.of(log.key())), new WitnessState(dir.resolve("state")), Clock.systemUTC());
        assertThat(restarted.addCheckpoint(request(0, 10, leaves)).body()).isEqualTo("20\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("witness.key")))).isEqualTo("rw-------");
    }

    private String request(long oldSize, long size, List<byte[]> history) {
        MerkleTree tree = new MerkleTree(InMemoryNodes.of(history));
        StringBuilder body = new StringBuilder("old " + oldSize + "\n");
        if (oldSize > 0 && oldSize <= size) {
            tree.consistencyProof(oldSize, size).forEach(h -> body.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        }
        return body.append('\n').append(checkpointNote(size, history)).toString();
    }

    private String checkpointNote(long size, List<byte[]> history) {
        Checkpoint checkpoint = new Checkpoint(ORIGIN, size, new MerkleTree(InMemoryNodes.of(history)).root(size));
        return checkpoint.text() + "\n" + log.sign(checkpoint.text()) + "\n";
    }
}
