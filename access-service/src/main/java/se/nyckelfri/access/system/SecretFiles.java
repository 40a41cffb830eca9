package se.nyckelfri.access.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Secrets kept in files outside the repository: created on first use with mode 600 (owner read/write only),
 * read back on every later start. Writes go to a temporary file first and are moved into place, so a crash
 * never leaves half a key. Thread-safe within one process (creation is serialised); one data directory
 * belongs to one platform process.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private SecretFiles() {
    }

    /** The bytes in {@code file}, creating it with {@code generator}'s bytes if it does not exist yet. */
    public static synchronized byte[] loadOrCreate(Path file, Supplier<byte[]> generator) {
        try {
            if (Files.exists(file)) {
                requireOwnerOnly(file);
                return Files.readAllBytes(file);
            }
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            }
            Path temporary = Files.createTempFile(dir, ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.write(temporary, generator.get());
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create secret file " + file, e);
        }
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IllegalStateException("secret file " + file + " must be readable by its owner only (chmod 600), is "
                    + PosixFilePermissions.toString(permissions));
        }
    }
}
