package se.nyckelfri.audit.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import se.nyckelfri.audit.merkle.Hashes;

/**
 * The latest checkpoint a witness cosigned per log origin, in files of its own (one per origin), each replaced
 * atomically and forced to disk before the witness answers.
 *
 * <p>Not thread-safe on its own; {@link Witness} serialises access.
 */
public final class WitnessState {

    /** What the witness last cosigned for one origin. */
    public record Latest(long size, byte[] root) { }

    private final Path directory;

    public WitnessState(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Latest> latest(String origin) {
        Path file = file(origin);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String[] lines = Files.readString(file).split("\n");
            return Optional.of(new Latest(Long.parseLong(lines[0]), Base64.getDecoder().decode(lines[1])));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void store(String origin, long size, byte[] root) {
        Path file = file(origin);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, size + "\n" + Base64.getEncoder().encodeToString(root) + "\n");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String origin) {
        byte[] sha = Hashes.leaf(origin.getBytes(StandardCharsets.UTF_8));
        return directory.resolve(HexFormat.of().formatHex(sha, 0, 16) + ".checkpoint");
    }
}
