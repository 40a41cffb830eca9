package se.nyckelfri.gateway.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's on-disk journal of lock receipts, one append-only file per lock plus a marker of what the backend has
 * acknowledged. Appends are forced to disk before they count, so a receipt read from a lock survives a power cut of
 * the gateway; counters must rise, so nothing is journalled twice. A torn last record (power cut mid-write) is
 * ignored on reading and rewritten by the next append. Thread-safe (synchronised).
 */
public final class ReceiptJournal {

    /** One journalled receipt. */
    public record Entry(long counter, byte[] receipt) { }

    private final Path directory;

    public ReceiptJournal(Path directory) {
        this.directory = directory;
    }

    public synchronized long lastCounter(UUID lock) {
        List<Entry> entries = read(lock);
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).counter();
    }

    /** Appends a receipt with a counter above every journalled one for this lock; lower or equal ones are ignored. */
    public synchronized void append(UUID lock, long counter, byte[] receipt) {
        List<Entry> entries = read(lock);
        if (!entries.isEmpty() && counter <= entries.get(entries.size() - 1).counter()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(counter);
            out.writeInt(receipt.length);
            out.write(receipt);
            long validLength = entries.stream().mapToLong(e -> 12L + e.receipt().length).sum();
            try (FileChannel channel = FileChannel.open(log(lock), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.truncate(validLength);
                channel.position(validLength);
                channel.write(ByteBuffer.wrap(bytes.toByteArray()));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal a receipt", e);
        }
    }

    /** Journalled receipts the backend has not acknowledged, oldest first, at most {@code max}. */
    public synchronized List<Entry> undelivered(UUID lock, int max) {
        long delivered = deliveredUpTo(lock);
        return read(lock).stream().filter(e -> e.counter() > delivered).limit(max).toList();
    }

    /** Records that the backend has everything up to {@code counter}. */
    public synchronized void delivered(UUID lock, long counter) {
        if (counter <= deliveredUpTo(lock)) {
            return;
        }
        try {
            Path temporary = Files.createTempFile(directory, ".delivered", ".tmp");
            Files.write(temporary, ByteBuffer.allocate(8).putLong(counter).array());
            Files.move(temporary, directory.resolve(lock + ".delivered"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long deliveredUpTo(UUID lock) {
        Path marker = directory.resolve(lock + ".delivered");
        try {
            return Files.exists(marker) ? ByteBuffer.wrap(Files.readAllBytes(marker)).getLong() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Entry> read(UUID lock) {
        List<Entry> entries = new ArrayList<>();
        Path file = log(lock);
        if (!Files.exists(file)) {
            return entries;
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (true) {
                long counter = in.readLong();
                int length = in.readInt();
                if (length < 0 || length > 4096) {
                    break;
                }
                byte[] receipt = in.readNBytes(length);
                if (receipt.length < length) {
                    break;
                }
                entries.add(new Entry(counter, receipt));
            }
        } catch (EOFException end) {
            // a clean end, or a torn last record: keep what is whole
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private Path log(UUID lock) {
        return directory.resolve(lock + ".journal");
    }
}
