package se.nyckelfri.keyissuer.archive;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Credentials kept exactly as signed. The issuer keeps each one after signing and before it leaves, so every
 * credential a lock may ever see is here; an auditor reads them back by id (the receipt of an opening names it) or
 * by lock and period, and checks each against the published issuer key and the claims hash the log recorded before
 * it was signed. Rows are never changed. Thread-safe.
 */
public class CredentialArchive {

    /**
     * A kept credential: its id, lock, the COSE_Sign1 bytes, the id of the issuer key that signed it, when, and when it
     * stops being valid ({@code null} for credentials kept before that was recorded).
     */
    public record Kept(byte[] credentialId, UUID lockId, byte[] credential, String keyId, Instant issuedAt, Instant expiresAt) { }

    /** How long a credential kept without its expiry is counted as valid: the longest lifetime ever issued. */
    static final java.time.Duration LONGEST_LIFETIME = java.time.Duration.ofHours(12);

    private final JdbcTemplate jdbc;

    public CredentialArchive(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private final Object turn = new Object();
    private List<Waiting> queued = new ArrayList<>();
    private boolean writing;

    /** Credentials waiting to be kept, and how their write ended. Guarded by {@link #turn}. */
    private static final class Waiting {
        final List<Kept> credentials;
        boolean done;
        RuntimeException failure;

        Waiting(List<Kept> credentials) {
            this.credentials = credentials;
        }
    }

    /**
     * Keeps signed credentials durably, and returns once they are; throws when they could not be kept (then they must
     * not leave). Callers that arrive while a write is under way are kept together in the next one: one statement and
     * one commit (one flush of the write-ahead log) for all of them. Without it, every online opening paid a commit of
     * its own and issuance fell to a third (docs/benchmarks.md).
     */
    public void keep(List<Kept> credentials) {
        if (credentials.isEmpty()) {
            return;
        }
        Waiting mine = new Waiting(credentials);
        synchronized (turn) {
            queued.add(mine);
        }
        while (true) {
            List<Waiting> batch;
            synchronized (turn) {
                while (!mine.done && writing) {
                    try {
                        turn.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while the credentials were being kept", e);
                    }
                }
                if (mine.done) {
                    break;
                }
                writing = true;
                batch = queued;
                queued = new ArrayList<>();
            }
            RuntimeException failure = null;
            try {
                write(batch.stream().flatMap(w -> w.credentials.stream()).toList());
            } catch (RuntimeException e) {
                failure = e;
            }
            synchronized (turn) {
                for (Waiting w : batch) {
                    w.done = true;
                    w.failure = failure;
                }
                writing = false;
                turn.notifyAll();
            }
        }
        if (mine.failure != null) {
            throw new IllegalStateException("the credentials could not be kept", mine.failure);
        }
    }

    private void write(List<Kept> credentials) {
        jdbc.batchUpdate("""
                INSERT INTO issued_credential (credential_id, lock_id, credential, key_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)""",
                credentials, credentials.size(), (ps, c) -> {
                    ps.setBytes(1, c.credentialId());
                    ps.setObject(2, c.lockId());
                    ps.setBytes(3, c.credential());
                    ps.setString(4, c.keyId());
                    ps.setTimestamp(5, Timestamp.from(c.issuedAt()));
                    ps.setTimestamp(6, c.expiresAt() == null ? null : Timestamp.from(c.expiresAt()));
                });
    }

    /**
     * When the last credential the issuer key {@code keyId} signed stops being valid; empty when it signed none. A
     * credential kept without its expiry counts as valid for {@link #LONGEST_LIFETIME} after issue.
     */
    public Optional<Instant> lastExpiry(String keyId) {
        // Two look-ups the (key_id, expires_at) index answers directly, not a scan of every credential the key signed:
        // the key check runs every minute, and a key signs for months.
        Timestamp last = jdbc.queryForObject("""
                SELECT greatest(
                    (SELECT max(expires_at) FROM issued_credential WHERE key_id = ?),
                    (SELECT max(issued_at) FROM issued_credential WHERE key_id = ? AND expires_at IS NULL) + make_interval(secs => ?))""",
                Timestamp.class, keyId, keyId, (double) LONGEST_LIFETIME.toSeconds());
        return Optional.ofNullable(last).map(Timestamp::toInstant);
    }

    public Optional<Kept> find(byte[] credentialId) {
        return jdbc.query("""
                SELECT credential_id, lock_id, credential, key_id, issued_at, expires_at FROM issued_credential WHERE credential_id = ?""",
                (rs, n) -> kept(rs), credentialId).stream().findFirst();
    }

    /** A lock's credentials issued in {@code [from, until)}, oldest first, at most {@code limit}. */
    public List<Kept> ofLock(UUID lockId, Instant from, Instant until, int limit) {
        return jdbc.query("""
                SELECT credential_id, lock_id, credential, key_id, issued_at, expires_at FROM issued_credential
                WHERE lock_id = ? AND issued_at >= ? AND issued_at < ? ORDER BY issued_at, credential_id LIMIT ?""",
                (rs, n) -> kept(rs), lockId, Timestamp.from(from), Timestamp.from(until), limit);
    }

    /** The locks credentials were issued for in [{@code from}, {@code until}), by id, at most {@code limit}. */
    public List<UUID> locksIssuedFor(Instant from, Instant until, int limit) {
        return jdbc.queryForList("""
                SELECT DISTINCT lock_id FROM issued_credential WHERE issued_at >= ? AND issued_at < ? ORDER BY lock_id LIMIT ?""",
                UUID.class, Timestamp.from(from), Timestamp.from(until), limit);
    }

    private static Kept kept(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Kept(rs.getBytes("credential_id"), rs.getObject("lock_id", UUID.class), rs.getBytes("credential"),
                rs.getString("key_id"), rs.getTimestamp("issued_at").toInstant(),
                rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant());
    }
}
