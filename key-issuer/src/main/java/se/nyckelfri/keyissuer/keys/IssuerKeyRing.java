package se.nyckelfri.keyissuer.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The issuer's P-256 signing keys, one JWK file each in a directory outside the repository (mode 600, directory
 * 700), generated on first use.
 *
 * <p>Rotation with overlap: {@link #rotate()} makes a new key the signing key and gives the previous one an expiry
 * {@code overlap} ahead; {@link #keepTrustedUntil} then holds it until the last credential it signed has expired
 * (the caller knows from the credential archive), so every credential it signed still verifies until it has itself
 * expired. Expired keys leave the published set and move to
 * {@code retired/}. A key id is the hex of the first 8 bytes of SHA-256 over the public key's SubjectPublicKeyInfo,
 * the same 8 bytes that go into a credential's COSE {@code kid}.
 *
 * <p>Thread-safe: reads take a snapshot; rotation is synchronised. One key directory belongs to one process.
 */
public final class IssuerKeyRing {

    private final Path directory;
    private final Duration overlap;
    private final Clock clock;
    private volatile List<ECKey> keys;

    public IssuerKeyRing(Path directory, Duration overlap, Clock clock) {
        this.directory = directory;
        this.overlap = overlap;
        this.clock = clock;
        this.keys = load();
        if (signingKeyOrNull() == null) {
            rotate();
        }
    }

    /** The key new credentials are signed with. */
    public ECKey signingKey() {
        ECKey key = signingKeyOrNull();
        if (key == null) {
            throw new IllegalStateException("no signing key");
        }
        return key;
    }

    /** The public keys a lock should trust now: the signing key and those still in their overlap. */
    public JWKSet publicKeys() {
        Instant now = clock.instant();
        return new JWKSet(keys.stream().filter(k -> live(k, now)).map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList());
    }

    /**
     * Every public key this issuer ever signed with, retired ones included (each with its expiry): what an auditor
     * needs to check a credential issued before a rotation.
     */
    public JWKSet everyPublicKey() {
        List<com.nimbusds.jose.jwk.JWK> all = new ArrayList<>();
        keys.forEach(k -> all.add(k.toPublicJWK()));
        load(directory.resolve("retired")).stream().filter(k -> all.stream().noneMatch(a -> a.getKeyID().equals(k.getKeyID())))
                .forEach(k -> all.add(k.toPublicJWK()));
        return new JWKSet(all);
    }

    /** The public keys a lock should trust now, as P-256 keys: what a trust-anchor update names. */
    public List<PublicKey> liveKeys() {
        Instant now = clock.instant();
        return keys.stream().filter(k -> live(k, now)).map(k -> {
            try {
                return (PublicKey) k.toECPublicKey();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The trusted public key with this COSE key id, if any. */
    public Optional<PublicKey> trusted(byte[] kid) {
        String id = HexFormat.of().formatHex(kid);
        Instant now = clock.instant();
        return keys.stream().filter(k -> k.getKeyID().equals(id) && live(k, now)).findFirst().map(k -> {
            try {
                return k.toECPublicKey();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Makes a new signing key; the previous one stays trusted for the overlap. */
    public synchronized ECKey rotate() {
        Instant now = clock.instant();
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ECKey previous = signingKeyOrNull();
            if (previous != null) {
                write(new ECKey.Builder(previous).expirationTime(Date.from(now.plus(overlap))).build());
            }
            ECKey generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .issueTime(Date.from(now)).generate();
            ECKey key = new ECKey.Builder(generated).keyID(keyId(generated.toECPublicKey())).build();
            write(key);
            retireExpired(now);
            keys = load();
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write issuer keys to " + directory, e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an issuer key", e);
        }
    }

    /**
     * Keeps the rotated-out key {@code keyId} trusted at least until {@code until}, because a credential it signed is
     * valid until then: a key is retired only after its overlap <em>and</em> after its last credential has expired.
     * No effect on the signing key, on a key already trusted longer, or on one no longer trusted (a retired key is
     * never brought back).
     */
    public synchronized void keepTrustedUntil(String keyId, Instant until) {
        Instant now = clock.instant();
        for (ECKey key : keys) {
            if (key.getKeyID().equals(keyId) && key.getExpirationTime() != null && live(key, now)
                    && key.getExpirationTime().toInstant().isBefore(until)) {
                try {
                    write(new ECKey.Builder(key).expirationTime(Date.from(until)).build());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write issuer keys to " + directory, e);
                }
                keys = load();
                return;
            }
        }
    }

    /** The ids of the keys rotated out but still trusted (in their overlap, or held for their credentials). */
    public List<String> rotatedOutKeyIds() {
        Instant now = clock.instant();
        return keys.stream().filter(k -> k.getExpirationTime() != null && live(k, now)).map(ECKey::getKeyID).toList();
    }

    /** The COSE key id of a P-256 public key: hex of the first 8 bytes of SHA-256 over its SubjectPublicKeyInfo. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ECKey signingKeyOrNull() {
        return keys.stream().filter(k -> k.getExpirationTime() == null).max(Comparator.comparing(ECKey::getIssueTime))
                .orElse(null);
    }

    private static boolean live(ECKey key, Instant now) {
        return key.getExpirationTime() == null || now.isBefore(key.getExpirationTime().toInstant());
    }

    private void retireExpired(Instant now) throws IOException {
        for (ECKey key : load()) {
            if (!live(key, now)) {
                Path retired = directory.resolve("retired");
                Files.createDirectories(retired);
                Files.move(file(key), retired.resolve(key.getKeyID() + ".jwk"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private List<ECKey> load() {
        return load(directory);
    }

    private static List<ECKey> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<ECKey> loaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jwk")).toList()) {
                loaded.add(KeyFiles.read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(loaded);
    }

    private void write(ECKey key) throws IOException {
        KeyFiles.write(file(key), key);
    }

    private Path file(ECKey key) {
        return directory.resolve(key.getKeyID() + ".jwk");
    }
}
