package se.nyckelfri.audit.note;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Secret key material of the audit log kept in files of its own (never in the database): created with fresh
 * random bytes on first use, written whole to a temporary file of mode 600 and moved into place, and put back to
 * mode 600 whenever read. (The access module has its own {@code SecretFiles}; the audit module depends on nothing.)
 *
 * <p>Thread-safe: creation is synchronised.
 */
public final class KeyFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFiles() {
    }

    /** The {@code length} random bytes stored (base64) in {@code file}, created on first use. */
    public static synchronized byte[] loadOrCreate(Path file, int length) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[length];
                RANDOM.nextBytes(key);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n");
                Files.move(tmp, file);
            }
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
            byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
            if (key.length != length) {
                throw new IllegalStateException(file + " does not hold a " + length + "-byte key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
