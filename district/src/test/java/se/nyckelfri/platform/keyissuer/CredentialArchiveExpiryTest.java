package se.nyckelfri.platform.keyissuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.keyissuer.archive.CredentialArchive;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * When an issuer key's last credential stops being valid, from the archive on PostgreSQL: the latest expiry of the
 * credentials it signed, and a credential kept before expiries were recorded counted as valid for the longest lifetime
 * after issue. A key is held trusted until then (LockUpdateLifecycleTest).
 */
class CredentialArchiveExpiryTest extends PlatformIntegrationTest {

    @Autowired
    CredentialArchive archive;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void lastExpiryWhenCredentialsWithAndWithoutExpiryThenTheLaterOfTheirValidities() {
        String key = "e" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(archive.lastExpiry(key)).as("a key that signed nothing").isEmpty();

        archive.keep(List.of(kept(key, now, now.plus(Duration.ofHours(2))), kept(key, now, now.plus(Duration.ofHours(5))),
                kept(key, now, now.plus(Duration.ofMinutes(2)))));
        assertThat(archive.lastExpiry(key)).contains(now.plus(Duration.ofHours(5)));

        // A credential kept before expires_at existed: valid for the longest lifetime (12 h) after issue.
        Instant legacyIssued = now.minus(Duration.ofHours(6));
        jdbc.update("INSERT INTO issued_credential (credential_id, lock_id, credential, key_id, issued_at) VALUES (?, ?, ?, ?, ?)",
                id(), UUID.randomUUID(), new byte[100], key, Timestamp.from(legacyIssued));
        assertThat(archive.lastExpiry(key)).contains(legacyIssued.plus(Duration.ofHours(12)));
    }

    private static CredentialArchive.Kept kept(String key, Instant issued, Instant expires) {
        return new CredentialArchive.Kept(id(), UUID.randomUUID(), new byte[100], key, issued, expires);
    }

    private static byte[] id() {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        return id;
    }
}
