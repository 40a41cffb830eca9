package se.nyckelfri.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 196 public RFC 6962 proof vectors of transparency-dev/merkle (copied unchanged into the test resources,
 * with their licence): every inclusion and consistency case must give the expected answer.
 */
class Rfc6962VectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void suiteHasAll196Vectors() throws Exception {
        assertThat(vectors("inclusion").size() + vectors("consistency").size()).isEqualTo(196);
    }

    @TestFactory
    Stream<DynamicTest> inclusionVectors() throws Exception {
        return vectors("inclusion").stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
            JsonNode v = JSON.readTree(file.toFile());
            Proofs.Result result = Proofs.verifyInclusion(v.get("leafIdx").asLong(), v.get("treeSize").asLong(),
                    bytes(v.get("leafHash")), hashes(v.get("proof")), bytes(v.get("root")));
            assertThat(result.ok()).as(v.get("desc").asText() + ": " + result.reason()).isEqualTo(!v.get("wantErr").asBoolean());
        }));
    }

    @TestFactory
    Stream<DynamicTest> consistencyVectors() throws Exception {
        return vectors("consistency").stream().map(file -> DynamicTest.dynamicTest(name(file), () -> {
            JsonNode v = JSON.readTree(file.toFile());
            Proofs.Result result = Proofs.verifyConsistency(v.get("size1").asLong(), v.get("size2").asLong(),
                    bytes(v.get("root1")), bytes(v.get("root2")), hashes(v.get("proof")));
            assertThat(result.ok()).as(v.get("desc").asText() + ": " + result.reason()).isEqualTo(!v.get("wantErr").asBoolean());
        }));
    }

    private static List<Path> vectors(String kind) throws IOException, URISyntaxException {
        Path root = Path.of(Rfc6962VectorsTest.class.getResource("/rfc6962-merkle/" + kind).toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    private static byte[] bytes(JsonNode node) {
        return node == null || node.isNull() ? new byte[0] : Base64.getDecoder().decode(node.asText());
    }

    private static List<byte[]> hashes(JsonNode node) {
        List<byte[]> list = new ArrayList<>();
        if (node != null && !node.isNull()) {
            node.forEach(h -> list.add(Base64.getDecoder().decode(h.asText())));
        }
        return list;
    }
}
