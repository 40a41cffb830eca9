package se.nyckelfri.audit.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.audit.note.KeyFiles;

/**
 * One AES-256 key per resident, stored wrapped (AES-GCM) under a master key that lives in a file (mode 600), not
 * in the database. Openings of a resident's commitments are sealed with their key; erasing the key (and the
 * openings) makes them unreadable for good while every log entry still verifies.
 *
 * <p>Thread-safe: the cache is concurrent; creation races are settled by the primary key.
 */
public final class ResidentKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Readers' and erasers' connections: {@link #open} and {@link #erase} run in the caller's transaction. */
    private final JdbcTemplate jdbc;
    /** The sequencer's connections: a key is created inside the batch that first seals with it. */
    private final JdbcTemplate writer;
    private final Clock clock;
    private final SecretKeySpec master;
    private final Map<String, SecretKeySpec> cache = new ConcurrentHashMap<>();

    public ResidentKeys(JdbcTemplate jdbc, Clock clock, Path masterKeyFile) {
        this(jdbc, jdbc, clock, masterKeyFile);
    }

    /**
     * @param jdbc   the connections of readers and of erasure (the callers' pool)
     * @param writer the sequencer's connections ({@link AuditWriterPool}), on which keys are created
     */
    public ResidentKeys(JdbcTemplate jdbc, JdbcTemplate writer, Clock clock, Path masterKeyFile) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.clock = clock;
        this.master = new SecretKeySpec(KeyFiles.loadOrCreate(masterKeyFile, 32), "AES");
    }

    /** What an opening reveals: the committed value and its salt. */
    public record Opening(String field, String value, byte[] salt) { }

    /** Seals {@code opening} for entry {@code idx}, position {@code position}, with the resident's key. */
    byte[] seal(String resident, long idx, int position, Opening opening) {
        byte[] field = opening.field().getBytes(StandardCharsets.UTF_8);
        byte[] value = opening.value().getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(2 + field.length + 2 + value.length + 32);
        plain.putShort((short) field.length).put(field).putShort((short) value.length).put(value).put(opening.salt());
        return gcm(Cipher.ENCRYPT_MODE, key(resident), aad(idx, position), plain.array());
    }

    /** Opens a sealed opening, or empty when the resident's key has been erased. */
    Optional<Opening> open(String resident, long idx, int position, byte[] sealed) {
        Optional<SecretKeySpec> key = existingKey(resident);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer plain = ByteBuffer.wrap(gcm(Cipher.DECRYPT_MODE, key.get(), aad(idx, position), sealed));
        byte[] field = new byte[plain.getShort()];
        plain.get(field);
        byte[] value = new byte[plain.getShort()];
        plain.get(value);
        byte[] salt = new byte[32];
        plain.get(salt);
        return Optional.of(new Opening(new String(field, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8), salt));
    }

    /**
     * Erases {@code resident}'s key, their openings and their search references, in the caller's transaction.
     *
     * @return how many openings were erased
     */
    int erase(String resident) {
        cache.remove(resident);
        jdbc.update("DELETE FROM audit_resident_key WHERE resident = ?", resident);
        jdbc.update("DELETE FROM audit_resident_ref WHERE resident = ?", resident);
        return jdbc.update("DELETE FROM audit_opening WHERE resident = ?", resident);
    }

    private SecretKeySpec key(String resident) {
        return cache.computeIfAbsent(resident, r -> {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            writer.update("INSERT INTO audit_resident_key (resident, wrapped, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    r, gcm(Cipher.ENCRYPT_MODE, master, r.getBytes(StandardCharsets.UTF_8), fresh), Timestamp.from(clock.instant()));
            return storedKey(writer, r).orElseThrow();
        });
    }

    private Optional<SecretKeySpec> existingKey(String resident) {
        SecretKeySpec cached = cache.get(resident);
        if (cached != null) {
            return Optional.of(cached);
        }
        return storedKey(jdbc, resident);
    }

    private Optional<SecretKeySpec> storedKey(JdbcTemplate jdbc, String resident) {
        List<byte[]> wrapped = jdbc.queryForList("SELECT wrapped FROM audit_resident_key WHERE resident = ?", byte[].class, resident);
        if (wrapped.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SecretKeySpec(gcm(Cipher.DECRYPT_MODE, master, resident.getBytes(StandardCharsets.UTF_8), wrapped.get(0)), "AES"));
    }

    private static byte[] aad(long idx, int position) {
        return ByteBuffer.allocate(12).putLong(idx).putInt(position).array();
    }

    private static byte[] gcm(int mode, SecretKeySpec key, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            if (mode == Cipher.ENCRYPT_MODE) {
                byte[] iv = new byte[12];
                RANDOM.nextBytes(iv);
                cipher.init(mode, key, new GCMParameterSpec(128, iv));
                cipher.updateAAD(aad);
                byte[] out = cipher.doFinal(input);
                return ByteBuffer.allocate(12 + out.length).put(iv).put(out).array();
            }
            cipher.init(mode, key, new GCMParameterSpec(128, input, 0, 12));
            cipher.updateAAD(aad);
            return cipher.doFinal(input, 12, input.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed personal data does not open with its key", e);
        }
    }
}
