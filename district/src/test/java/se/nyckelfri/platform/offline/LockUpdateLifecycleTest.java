package se.nyckelfri.platform.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.nyckelfri.lock.protocol.update.LockUpdates.MAX_REVOCATIONS;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.lockupdate.LockUpdates;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.gateway.mqtt.GatewayRelay;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.keys.TrustRoot;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.bluetooth.LockGattServer;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.fixtures.issuer.TestDevice;
import se.nyckelfri.lock.fixtures.phone.GattDoorLink;
import se.nyckelfri.lock.fixtures.phone.PhoneAtTheDoor;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
import se.nyckelfri.lock.protocol.credential.CredentialRejection;
import se.nyckelfri.lock.protocol.credential.Credentials;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims.Outcome;
import se.nyckelfri.lock.protocol.receipt.Receipts;
import se.nyckelfri.lock.protocol.update.LockUpdates.Revocation;
import se.nyckelfri.lock.protocol.update.LockUpdates.RevocationKind;
import se.nyckelfri.lock.protocol.update.LockUpdates.RevocationList;
import se.nyckelfri.platform.NyckelfriPlatform;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.Api;
import se.nyckelfri.platform.testsupport.HomeGateways;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;
import se.nyckelfri.platform.testsupport.TestTokens;

/**
 * What changes the platform's signed updates for good: an issuer key retired after its overlap, and a revocation list
 * driven past the lock's bound. Both leave the platform in a state (a retired key, a floor that stands for 12 hours)
 * that other tests must not inherit, so this class has a platform of its own (its own data directory and database;
 * closed after the class), with an issuer key overlap of 20 seconds and the key check every second instead of an
 * hour and a minute.
 */
@SpringBootTest(classes = NyckelfriPlatform.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"nyckelfri.demo.enabled=false", "nyckelfri.identity.issuer=" + PlatformIntegrationTest.ISSUER,
                "nyckelfri.issuer.rotation-overlap=PT20S", "nyckelfri.lock-updates.key-check=PT1S"})
@DirtiesContext
class LockUpdateLifecycleTest {

    private static final Object GATEWAY_ADAPTER = BluetoothEmulator.newAdapter();
    private static final Actor ADMIN = new Actor("test-admin", "U-LIFECYCLE", Role.ADMIN, Set.of(), null);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        try {
            dataDir = Files.createTempDirectory("nyckelfri-lock-updates-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("nyckelfri.data-dir", dataDir::toString);
    }

    @LocalServerPort
    int port;
    @Autowired
    JWKSource<SecurityContext> identityKeys;
    @Autowired
    AutowireCapableBeanFactory beans;
    @Autowired
    GrantService grants;
    @Autowired
    IssuerKeyRing issuerKeys;
    @Autowired
    TrustRoot trustRoot;
    @Autowired
    GatewayCredentials credentials;
    @Autowired
    EmbeddedBroker broker;
    @Autowired
    MqttGatewayFleetLink fleet;
    @Autowired
    LockUpdates updates;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    TestTokens tokens;
    World world;
    SimulatedLock lock;
    EmulatedLockService onAir;
    GatewayRelay gateway;
    String staff;

    @BeforeEach
    void homeBehindAnOnlineGateway() throws Exception {
        api = new Api("http://localhost:" + port);
        tokens = new TestTokens(identityKeys);
        TestWorlds worlds = beans.createBean(TestWorlds.class);
        world = worlds.create();
        TestWorlds.Home home = worlds.home(world.a(), "Nyckelbytet 1", kid -> issuerKeys.trusted(kid).orElse(null),
                trustRoot.publicKey());
        lock = home.lock();
        HomeGateways.Online online = new HomeGateways(broker, credentials, fleet).online(home, GATEWAY_ADAPTER, true);
        onAir = online.onAir();
        gateway = online.gateway();
        grants.grant(ADMIN, TestGrants.once(Instant.now().minusSeconds(60), Duration.ofHours(3)).to(world.a()).purpose("Kvällsbesök").request());
        staff = tokens.forSubject(world.a().staff());
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        onAir.close();
    }

    private UUID register(TestDevice device) {
        Response registered = api.post("/api/v1/me/devices", staff, Map.of("name", "Jobbtelefon", "publicKey", B64.encodeToString(device.compressed())));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        return UUID.fromString(registered.body().get("id").asText());
    }

    /** The newest signed revocation list, as a lock reads it ({@code null} before any). */
    private RevocationList newestList() {
        LockUpdates.Newest newest = updates.newest();
        if (newest.revocations() == null) {
            return null;
        }
        return se.nyckelfri.lock.protocol.update.LockUpdates.revocations(newest.revocations(),
                kid -> issuerKeys.trusted(kid).orElse(null)).update();
    }

    /** The credential for this test's lock from a sync of {@code deviceId} (the only one: one live grant). */
    private byte[] sync(UUID deviceId) {
        Response synced = api.post("/api/v1/me/offline-credentials", staff, Map.of("deviceId", deviceId));
        assertThat(synced.status()).as(synced.raw()).isEqualTo(200);
        List<JsonNode> forLock = new ArrayList<>();
        synced.body().get("credentials").forEach(c -> {
            if (c.get("lockId").asText().equals(lock.lockId().toString())) {
                forLock.add(c);
            }
        });
        assertThat(forLock).as(synced.raw()).hasSize(1);
        return Base64.getUrlDecoder().decode(forLock.get(0).get("credential").asText());
    }

    private ReceiptClaims openAtTheDoor(TestDevice device, byte[] credential) throws Exception {
        LockGattServer gatt = new LockGattServer(lock, 247);
        byte[] receipt = new PhoneAtTheDoor(device.signer()).open(new GattDoorLink(gatt::write, gatt::read, 247), lock.lockId(),
                credential, PhoneAtTheDoor.Carried.NOTHING);
        return Receipts.verify(receipt, lock.publicKey());
    }

    private Message.Status status() {
        return (Message.Status) lock.handle(new Message.StatusRequest());
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "application/jwk-set+json").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void rotationWhenTheOldKeysCredentialsAreStillValidThenItIsHeldForThemAndAKeyThatSignedNoneIsRetiredAfterItsOverlap()
            throws Exception {
        TestDevice device = new TestDevice();
        UUID deviceId = register(device);
        byte[] fromFirstKey = sync(deviceId);                  // valid for the rest of the grant's window: hours
        String firstKey = issuerKeys.signingKey().getKeyID();

        // Rotated twice at once: the first key signed a credential valid for hours, the second signs nothing.
        String admin = tokens.forSubject(world.admin());
        Response rotated = api.post("/api/v1/issuer-keys/rotate", admin, Map.of());
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        String secondKey = issuerKeys.signingKey().getKeyID();
        Response again = api.post("/api/v1/issuer-keys/rotate", admin, Map.of());
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        long threeKeys = again.body().get("trustAnchorVersion").asLong();
        String thirdKey = issuerKeys.signingKey().getKeyID();
        assertThat(List.of(firstKey, secondKey, thirdKey)).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10)).until(() -> status().trustAnchorVersion() == threeKeys);
        byte[] fromThirdKey = sync(deviceId);
        assertThat(get("/issuer/jwks.json")).as("in their overlap the old keys are still published")
                .contains(firstKey, secondKey, thirdKey);

        // Past the overlap (20 s here), the key check publishes anchors without the second key and pushes them.
        await().atMost(Duration.ofSeconds(60)).until(() -> updates.newest().trustAnchorVersion() > threeKeys);
        long retired = updates.newest().trustAnchorVersion();
        await().atMost(Duration.ofSeconds(10)).until(() -> status().trustAnchorVersion() == retired);
        assertThat(issuerKeys.liveKeys().stream().map(IssuerKeyRing::keyId).toList())
                .as("the first key is held while its credential is valid").containsExactlyInAnyOrder(firstKey, thirdKey);

        assertThat(openAtTheDoor(device, fromFirstKey).outcome())
                .as("a phone synced before the rotation keeps opening past the key's overlap").isEqualTo(Outcome.OPENED);
        assertThat(openAtTheDoor(device, fromThirdKey).outcome()).as("signed by the new key").isEqualTo(Outcome.OPENED);
        ReceiptClaims refused = openAtTheDoor(device, signedBy(secondKey, device));
        assertThat(refused.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(refused.reason()).as("inside its window, but its key is retired (a copy of the key opens nothing)")
                .isEqualTo(CredentialRejection.UNKNOWN_ISSUER_KEY.code());

        assertThat(get("/issuer/jwks.json")).contains(firstKey, thirdKey).doesNotContain(secondKey);
        assertThat(get("/issuer/jwks-history.json")).as("auditors still check what every key signed")
                .contains(firstKey, secondKey, thirdKey);
    }

    /** A credential for this test's lock and {@code device}, valid now, signed with the issuer key {@code keyId}. */
    private byte[] signedBy(String keyId, TestDevice device) throws Exception {
        Path file = dataDir.resolve("keys/issuer/" + keyId + ".jwk");
        if (!Files.exists(file)) {
            file = dataDir.resolve("keys/issuer/retired/" + keyId + ".jwk");
        }
        ECKey key = ECKey.parse(Files.readString(file));
        Instant now = Instant.now();
        byte[] credentialId = new byte[16];
        new java.security.SecureRandom().nextBytes(credentialId);
        CredentialClaims claims = CredentialClaims.deviceBound(lock.lockId(), "S-COPIED", UUID.randomUUID(),
                now.minusSeconds(60), now.plus(Duration.ofHours(1)), credentialId, device.compressed(), now);
        return Credentials.issue(claims, HexFormat.of().parseHex(keyId), CoseSign1.signerFor(key.toECPrivateKey()));
    }

    @Test
    void overflowWhenMoreRevocationsAreInForceThanALockKeepsThenTheNewest512AndAFloorAndEarlierCredentialsAreSuperseded() throws Exception {
        TestDevice colleague = new TestDevice();
        UUID colleagueId = register(colleague);
        byte[] beforeTheFloor = sync(colleagueId);                      // under the grant that stays

        // 513 grants of their own, each with a live offline credential (one sync), then revoked: 513 entries in force.
        Instant now = Instant.now();
        List<UUID> revoked = new ArrayList<>();
        for (int i = 0; i < MAX_REVOCATIONS + 1; i++) {
            AccessGrant grant = grants.grant(ADMIN, TestGrants.once(now.minusSeconds(120 + i), Duration.ofHours(2))
                    .to(world.a()).purpose("Besök " + i).request());
            revoked.add(grant.getId());
        }
        Response synced = api.post("/api/v1/me/offline-credentials", staff, Map.of("deviceId", register(new TestDevice())));
        assertThat(synced.status()).as(synced.raw()).isEqualTo(200);
        assertThat(synced.body().get("credentials").size()).isGreaterThan(MAX_REVOCATIONS);
        Instant revoking = Instant.now();
        for (UUID grant : revoked) {
            grants.revoke(ADMIN, grant, "Planen ändrad");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> newestList() != null && newestList().floor() != null
                && newestList().entries().size() == MAX_REVOCATIONS);
        RevocationList list = newestList();
        assertThat(list.floor()).isAfterOrEqualTo(revoking.minusSeconds(1)).isBeforeOrEqualTo(Instant.now());
        assertThat(list.entries()).as("the newest are kept").anyMatch(r -> r.names(RevocationKind.GRANT, id(revoked.get(revoked.size() - 1))))
                .noneMatch(r -> r.names(RevocationKind.GRANT, id(revoked.get(0))));

        await().atMost(Duration.ofSeconds(20)).until(() -> status().revocationVersion() == list.version());
        ReceiptClaims superseded = openAtTheDoor(colleague, beforeTheFloor);
        assertThat(superseded.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(superseded.reason()).as("issued before the floor, under a grant nobody revoked")
                .isEqualTo(CredentialRejection.SUPERSEDED.code());

        Thread.sleep(1_100);                                            // credentials carry their issue time in seconds
        assertThat(openAtTheDoor(colleague, sync(colleagueId)).outcome()).as("synced again, after the floor").isEqualTo(Outcome.OPENED);
    }

    private static byte[] id(UUID grant) {
        return Revocation.of(RevocationKind.GRANT, grant, Instant.EPOCH).id();
    }
}
