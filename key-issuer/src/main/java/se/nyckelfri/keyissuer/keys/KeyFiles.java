package se.nyckelfri.keyissuer.keys;

import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;

/** Private keys as JWK files readable by their owner only (mode 600), written atomically. */
final class KeyFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    static ECKey read(Path file) throws IOException {
        if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            throw new IllegalStateException("key " + file + " must be readable by its owner only (chmod 600)");
        }
        try {
            return ECKey.parse(Files.readString(file));
        } catch (ParseException e) {
            throw new IllegalStateException("key file " + file + " is not a valid EC JWK", e);
        }
    }

    static void write(Path file, ECKey key) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(temporary, key.toJSONString(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
