package se.nyckelfri.access.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void loadOrCreateWhenMissingThenCreatedOwnerOnlyAndReusedAfterwards() throws Exception {
        AtomicInteger generated = new AtomicInteger();
        Path file = dir.resolve("keys/secret.key");
        byte[] first = SecretFiles.loadOrCreate(file, () -> new byte[] {(byte) generated.incrementAndGet()});
        byte[] second = SecretFiles.loadOrCreate(file, () -> new byte[] {(byte) generated.incrementAndGet()});
        assertThat(second).isEqualTo(first);
        assertThat(generated).hasValue(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void loadOrCreateWhenReadableByOthersThenRefused() throws Exception {
        Path file = dir.resolve("loose.key");
        Files.write(file, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SecretFiles.loadOrCreate(file, () -> new byte[] {9}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chmod 600");
    }
}
