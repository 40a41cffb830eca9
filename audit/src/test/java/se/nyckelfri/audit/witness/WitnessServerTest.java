package se.nyckelfri.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.InMemoryNodes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.note.SignedNote;

/** The witness deployed on its own (its own process in production; here its own HTTP server), reached over HTTP. */
class WitnessServerTest {

    @TempDir
    Path dir;

    @Test
    void addCheckpointWhenOverHttpThenCosignsAndRefusesRollbackWithItsSize() throws Exception {
        NoteSigner log = NoteSigner.loadOrCreate(dir.resolve("log.key"), "example.test/log", NoteKey.ED25519);
        WitnessServer server = new WitnessServer();
        new CommandLine(server).parseArgs("--name", "witness.example.test", "--home", dir.resolve("witness").toString(),
                "--log-key", log.key().vkey(), "--port", "0");
        int port = server.start();
        try {
            WitnessClient client = new HttpWitnessClient("http://localhost:" + port);
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                leaves.add(Hashes.leaf(ByteBuffer.allocate(4).putInt(i).array()));
            }
            MerkleTree tree = new MerkleTree(InMemoryNodes.of(leaves));
            String note10 = note(log, 10, tree);
            WitnessClient.Response first = client.addCheckpoint("old 0\n\n" + note10);
            assertThat(first.status()).isEqualTo(200);
            assertThat(SignedNote.parse(note10).with(SignedNote.parseLines(first.body())).verify(List.of(log.key(), server.key())))
                    .hasSize(2);
            StringBuilder proof = new StringBuilder();
            tree.consistencyProof(10, 30).forEach(h -> proof.append(Base64.getEncoder().encodeToString(h)).append('\n'));
            assertThat(client.addCheckpoint("old 10\n" + proof + "\n" + note(log, 30, tree)).status()).isEqualTo(200);
            WitnessClient.Response rollback = client.addCheckpoint("old 0\n\n" + note10);
            assertThat(rollback.status()).isEqualTo(409);
            assertThat(rollback.body()).isEqualTo("30\n");
        } finally {
            server.stop();
        }
        assertThat(new HttpWitnessClient("http://localhost:" + port).addCheckpoint("old 0\n\nx").status())
                .as("a witness that is gone").isEqualTo(503);
    }

    private static String note(NoteSigner log, long size, MerkleTree tree) {
        Checkpoint c = new Checkpoint("example.test/log", size, tree.root(size));
        return c.text() + "\n" + log.sign(c.text()) + "\n";
    }
}
