package se.nyckelfri.keyissuer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.nyckelfri.keyissuer.signing.InProcessCredentialSigner;
import se.nyckelfri.lock.fixtures.clock.MutableClock;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
import se.nyckelfri.lock.protocol.credential.Credentials;

class IssuerKeyRingTest {

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T07:00:00Z"));

    @Test
    void firstUseWhenNoKeysThenGeneratedOwnerOnlyAndReusedByTheNextStart() throws Exception {
        IssuerKeyRing ring = new IssuerKeyRing(dir.resolve("issuer"), Duration.ofHours(1), clock);
        ECKey key = ring.signingKey();
        assertThat(key.getCurve().getName()).isEqualTo("P-256");
        assertThat(key.getKeyID()).hasSize(16).isEqualTo(IssuerKeyRing.keyId(key.toECPublicKey()));
        Path file = dir.resolve("issuer/" + key.getKeyID() + ".jwk");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("issuer")))).isEqualTo("rwx------");
        assertThat(new IssuerKeyRing(dir.resolve("issuer"), Duration.ofHours(1), clock).signingKey().getKeyID())
                .isEqualTo(key.getKeyID());
    }

    @Test
    void rotateWhenCredentialsOutstandingThenOldKeyTrustedThroughOverlapThenRetired() throws Exception {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofMinutes(10), clock);
        ECKey old = ring.signingKey();
        byte[] oldCredential = new InProcessCredentialSigner(ring).sign(claims()).credential();

        clock.advance(Duration.ofMinutes(1));
        ECKey fresh = ring.rotate();
        assertThat(ring.signingKey().getKeyID()).isEqualTo(fresh.getKeyID()).isNotEqualTo(old.getKeyID());
        assertThat(ring.publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactlyInAnyOrder(old.getKeyID(), fresh.getKeyID());
        assertThat(verify(ring, oldCredential).accepted()).as("old credential during overlap").isTrue();
        assertThat(new IssuerKeyRing(dir, Duration.ofMinutes(10), clock).signingKey().getKeyID())
                .as("the rotation survives a restart").isEqualTo(fresh.getKeyID());

        clock.advance(Duration.ofMinutes(10));
        assertThat(ring.trusted(HexFormat.of().parseHex(old.getKeyID()))).isEmpty();
        assertThat(ring.publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactly(fresh.getKeyID());
        ring.rotate();
        assertThat(dir.resolve("retired/" + old.getKeyID() + ".jwk")).exists();
    }

    @Test
    void keepTrustedUntilWhenAnOldKeysCredentialOutlivesTheOverlapThenHeldUntilThenAndNeverRevived() {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofMinutes(10), clock);
        ECKey old = ring.signingKey();
        ECKey fresh = ring.rotate();
        ring.keepTrustedUntil(old.getKeyID(), clock.instant().plus(Duration.ofHours(8)));
        ring.keepTrustedUntil(old.getKeyID(), clock.instant().plus(Duration.ofMinutes(5)));   // never shortened
        ring.keepTrustedUntil(fresh.getKeyID(), clock.instant().plus(Duration.ofHours(1)));   // the signing key: no effect
        assertThat(ring.rotatedOutKeyIds()).containsExactly(old.getKeyID());
        assertThat(new IssuerKeyRing(dir, Duration.ofMinutes(10), clock).rotatedOutKeyIds()).as("kept across a restart")
                .containsExactly(old.getKeyID());

        clock.advance(Duration.ofHours(7).plusMinutes(59));
        assertThat(ring.trusted(HexFormat.of().parseHex(old.getKeyID()))).as("past its overlap, held for its credentials").isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(ring.trusted(HexFormat.of().parseHex(old.getKeyID()))).isEmpty();
        ring.keepTrustedUntil(old.getKeyID(), clock.instant().plus(Duration.ofHours(1)));
        assertThat(ring.trusted(HexFormat.of().parseHex(old.getKeyID()))).as("a retired key is never brought back").isEmpty();
        assertThat(ring.signingKey().getKeyID()).isEqualTo(fresh.getKeyID());
    }

    @Test
    void publishedSetWhenSerialisedThenHoldsNoPrivatePart() {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofMinutes(10), clock);
        String json = ring.publicKeys().toString(true);
        assertThat(json).contains("\"kty\":\"EC\"").contains("\"crv\":\"P-256\"").doesNotContain("\"d\"");
    }

    @Test
    void loadWhenKeyFileReadableByOthersThenRefused() throws Exception {
        IssuerKeyRing ring = new IssuerKeyRing(dir, Duration.ofMinutes(10), clock);
        Path file = dir.resolve(ring.signingKey().getKeyID() + ".jwk");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> new IssuerKeyRing(dir, Duration.ofMinutes(10), clock))
                .hasMessageContaining("chmod 600");
    }

    private Credentials.Verdict verify(IssuerKeyRing ring, byte[] credential) {
        CredentialClaims c = claims();
        return Credentials.verify(credential, kid -> ring.trusted(kid).orElse(null), c.lockId(), clock.instant(),
                Duration.ofMinutes(30), Duration.ofMinutes(5), Credentials.only(c.nonce()));
    }

    private static final UUID LOCK = UUID.randomUUID();
    private static final UUID GRANT = UUID.randomUUID();

    private CredentialClaims claims() {
        Instant t = Instant.parse("2026-11-24T07:00:00Z");
        return new CredentialClaims(LOCK, "S-TESTTESTTEST", GRANT, t, t.plusSeconds(120), new byte[16], new byte[16]);
    }
}
