package se.nyckelfri.platform.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.audittrail.Anomalies;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.lockupdate.LockUpdates;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.gateway.bluetooth.BluetoothLockLink;
import se.nyckelfri.gateway.journal.ReceiptJournal;
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
import se.nyckelfri.lock.fixtures.phone.RfcommDoorLink;
import se.nyckelfri.lock.protocol.credential.CredentialRejection;
import se.nyckelfri.lock.protocol.credential.Credentials;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims.Outcome;
import se.nyckelfri.lock.protocol.receipt.Receipts;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * Offline opening through the real paths: a phone registers its key and syncs through the staff API, opens a
 * resident's door over the emulated Bluetooth link with the broker stopped and the gateway offline, and its receipts
 * come home exactly once; a manager blocks a phone and the block reaches the lock through its gateway, and a lock no
 * gateway reaches through another phone; an issuer key rotation reaches the locks as trust anchors.
 */
class OfflineOpeningEndToEndTest extends PlatformIntegrationTest {

    private static final Object GATEWAY_ADAPTER = BluetoothEmulator.newAdapter();
    private static final Actor ADMIN = new Actor("test-admin", "U-OFFLINE", Role.ADMIN, Set.of(), null);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

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
    AuditTrail trail;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Anomalies anomalies;
    @Autowired
    LockUpdates updates;

    World world;
    UUID gatewayId;
    Path journalDir;
    SimulatedLock lock;
    EmulatedLockService onAir;
    GatewayRelay gateway;
    String staff;

    @BeforeEach
    void homeWithAGrantedStaffMember() throws Exception {
        world = worlds.create();
        TestWorlds.Home home = worlds.home(world.a(), "Offlinegatan 1", kid -> issuerKeys.trusted(kid).orElse(null),
                trustRoot.publicKey());
        lock = home.lock();
        onAir = EmulatedLockService.start(lock);
        gatewayId = home.gatewayId();
        journalDir = Files.createTempDirectory("journal-");
        gateway = relay();
        gateway.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.connected() && fleet.connected());
        Instant now = Instant.now();
        grants.grant(ADMIN, TestGrants.once(now.minusSeconds(60), Duration.ofHours(3)).to(world.a()).purpose("Kvällsbesök").request());
        staff = tokens.forSubject(world.a().staff());
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        onAir.close();
    }

    private GatewayRelay relay() {
        return new GatewayRelay(new GatewayRelay.Settings(gatewayId, "127.0.0.1", broker.port(),
                credentials.passwordFor(gatewayId.toString()), new ReceiptJournal(journalDir), Duration.ofMillis(200)),
                Map.of(lock.lockId(), new BluetoothLockLink(onAir.url(), GATEWAY_ADAPTER)));
    }

    record Synced(UUID deviceId, byte[] credential, PhoneAtTheDoor.Carried carried) { }

    private UUID register(String token, TestDevice device) {
        Response registered = api.post("/api/v1/me/devices", token, Map.of("name", "Jobbtelefon", "publicKey", B64.encodeToString(device.compressed())));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        return UUID.fromString(registered.body().get("id").asText());
    }

    private Synced sync(String token, UUID deviceId, UUID forLock) {
        Response synced = api.post("/api/v1/me/offline-credentials", token, Map.of("deviceId", deviceId));
        assertThat(synced.status()).as(synced.raw()).isEqualTo(200);
        JsonNode credential = null;
        for (JsonNode c : synced.body().get("credentials")) {
            if (c.get("lockId").asText().equals(forLock.toString())) {
                credential = c;
            }
        }
        assertThat(credential).as(synced.raw()).isNotNull();
        JsonNode revocations = synced.body().get("revocations");
        JsonNode anchors = synced.body().get("trustAnchors");
        return new Synced(deviceId, Base64.getUrlDecoder().decode(credential.get("credential").asText()), new PhoneAtTheDoor.Carried(
                revocations.isNull() ? 0 : revocations.get("version").asLong(),
                revocations.isNull() ? null : Base64.getUrlDecoder().decode(revocations.get("update").asText()),
                anchors.isNull() ? 0 : anchors.get("version").asLong(),
                anchors.isNull() ? null : Base64.getUrlDecoder().decode(anchors.get("update").asText())));
    }

    private ReceiptClaims claims(byte[] receipt) throws Exception {
        return Receipts.verify(receipt, lock.publicKey());
    }

    @Test
    void offlineWhenBrokerStoppedAndGatewayOfflineThenThePhoneOpensAndTheReceiptsComeHomeOnceWithoutGaps() throws Exception {
        TestDevice device = new TestDevice();
        UUID deviceId = register(staff, device);
        Synced synced = sync(staff, deviceId, lock.lockId());
        assertThat(synced.credential().length).as("one BLE write").isLessThanOrEqualTo(Credentials.MAX_BYTES);
        String credentialId = HexFormat.of().formatHex(Credentials.verify(synced.credential(), kid -> issuerKeys.trusted(kid).orElse(null),
                lock.lockId(), Instant.now(), Duration.ofMinutes(1), Duration.ofHours(12), n -> false).claims().credentialId());
        auditEntries("true"); // the sequencer has caught up
        assertThat(trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.lockId().toString(), null, null, null, -1, 100)))
                .as("recorded before it was signed").filteredOn(r -> credentialId.equals(r.event().attributes().get("credential")))
                .singleElement().satisfies(r -> assertThat(r.event().attributes()).containsEntry("offline", "true")
                        .containsEntry("device", deviceId.toString()));

        long before = jdbc.queryForObject("SELECT count(*) FROM lock_receipt WHERE lock_id = ?", Long.class, lock.lockId());
        gateway.close();
        broker.stop();
        PhoneAtTheDoor phone = new PhoneAtTheDoor(device.signer());
        List<byte[]> carried;
        try (RfcommDoorLink link = new RfcommDoorLink(onAir.url(), Duration.ofSeconds(10))) {
            assertThat(claims(phone.open(link, lock.lockId(), synced.credential(), synced.carried())).outcome()).isEqualTo(Outcome.OPENED);
            assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);
            assertThat(claims(phone.relock(link, synced.credential())).outcome()).isEqualTo(Outcome.RELOCKED);
            carried = phone.takeReceipts();
        } finally {
            broker.restart();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lock_receipt WHERE lock_id = ?", Long.class, lock.lockId()))
                .as("nothing came home while offline").isEqualTo(before);

        Response uploaded = api.post("/api/v1/me/receipts", staff, Map.of("deviceId", deviceId, "receipts",
                carried.stream().map(r -> Map.of("lockId", lock.lockId(), "receipt", B64.encodeToString(r))).toList()));
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(200);
        assertThat(uploaded.body().get("receipts").toString()).doesNotContain("INVALID");
        gateway = relay();
        gateway.start();                                              // the gateway's journal reads the same receipts
        long receipts = lock.counter();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM lock_receipt WHERE lock_id = ?", Long.class, lock.lockId()) == receipts);
        Thread.sleep(600);
        List<Long> counters = jdbc.queryForList("SELECT counter FROM lock_receipt WHERE lock_id = ? ORDER BY counter", Long.class, lock.lockId());
        List<Long> expected = new ArrayList<>();
        for (long c = 1; c <= receipts; c++) {
            expected.add(c);
        }
        assertThat(counters).as("each receipt once, no counter gap").containsExactlyElementsOf(expected);
        assertThat(trail.find(new AuditTrail.Query("LOCK_RECEIPT", "lock", lock.lockId().toString(), null, null, null, -1, 1000)))
                .hasSize((int) receipts);
        assertThat(api.post("/api/v1/me/receipts", staff, Map.of("deviceId", deviceId, "receipts",
                carried.stream().map(r -> Map.of("lockId", lock.lockId(), "receipt", B64.encodeToString(r))).toList()))
                .body().get("receipts").toString()).as("uploaded again: already there").doesNotContain("\"RECORDED\"");
        Anomalies.Report report = anomalies.since(new Actor("test-auditor", "U-OFFAUD", Role.AUDITOR, Set.of(), null),
                Instant.now().minus(Duration.ofMinutes(10)));
        assertThat(report.unexplained()).as("an opening with the phone's offline credential is explained by its issuance")
                .noneMatch(u -> u.lock().equals(lock.lockId().toString()));
        assertThat(report.gaps()).noneMatch(g -> g.lock().equals(lock.lockId()));
        assertThat(report.brokenLinks()).noneMatch(b -> b.lock().equals(lock.lockId()));
    }

    @Test
    void blockWhenAManagerBlocksAPhoneThenTheGatewayTellsTheLockAndAnotherPhoneTellsALockNoGatewayReaches() throws Exception {
        TestDevice lost = new TestDevice();
        UUID lostId = register(staff, lost);
        Synced lostSync = sync(staff, lostId, lock.lockId());
        TestWorlds.Home cabin = worlds.home(world.a(), "Stugvägen 2", kid -> issuerKeys.trusted(kid).orElse(null), trustRoot.publicKey());
        Synced lostAtCabin = sync(staff, lostId, cabin.lock().lockId());

        String manager = tokens.forSubject(world.a().manager());
        Response devices = api.get("/api/v1/staff/" + world.a().staffId() + "/devices", manager);
        assertThat(devices.status()).as(devices.raw()).isEqualTo(200);
        long version = devices.body().get(0).get("version").asLong();
        long listBefore = updates.newest().revocationVersion();     // another test's list may have reached the lock at connect
        Instant blockedAt = Instant.now();
        Response blocked = api.post("/api/v1/devices/" + lostId + "/block", manager, Map.of("reason", "Borttappad", "version", version));
        assertThat(blocked.status()).as(blocked.raw()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Message.Status) lock.handle(new Message.StatusRequest())).revocationVersion() > listBefore);
        System.out.println("block reached the online lock after " + Duration.between(blockedAt, Instant.now()).toMillis() + " ms");

        LockGattServer gatt = new LockGattServer(lock, 247);
        ReceiptClaims refused = claims(new PhoneAtTheDoor(lost.signer()).open(new GattDoorLink(gatt::write, gatt::read, 247),
                lock.lockId(), lostSync.credential(), PhoneAtTheDoor.Carried.NOTHING));
        assertThat(refused.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(refused.reason()).isEqualTo(CredentialRejection.DEVICE_BLOCKED.code());
        assertThat(api.post("/api/v1/me/offline-credentials", staff, Map.of("deviceId", lostId)).body().get("code").asText())
                .isEqualTo("DEVICE_BLOCKED");

        // The cabin's lock has no gateway on the air: a colleague's phone carries the newest list there.
        TestDevice colleagues = new TestDevice();
        Synced carrier = sync(staff, register(staff, colleagues), cabin.lock().lockId());
        assertThat(carrier.carried().revocationVersion()).isPositive();
        LockGattServer cabinGatt = new LockGattServer(cabin.lock(), 185);
        Receipts.verify(new PhoneAtTheDoor(colleagues.signer()).open(new GattDoorLink(cabinGatt::write, cabinGatt::read, 185),
                cabin.lock().lockId(), carrier.credential(), carrier.carried()), cabin.lock().publicKey());
        cabin.lock().handle(new Message.Relock(null));
        ReceiptClaims atCabin = Receipts.verify(new PhoneAtTheDoor(lost.signer()).open(new GattDoorLink(cabinGatt::write, cabinGatt::read, 185),
                cabin.lock().lockId(), lostAtCabin.credential(), PhoneAtTheDoor.Carried.NOTHING), cabin.lock().publicKey());
        assertThat(atCabin.reason()).isEqualTo(CredentialRejection.DEVICE_BLOCKED.code());
    }

    @Test
    void reconnectWhenAPhoneWasBlockedWhileTheGatewayWasOfflineThenTheLockLearnsItOnReconnectAndRefusesThePhone() throws Exception {
        TestDevice lost = new TestDevice();
        UUID lostId = register(staff, lost);
        Synced lostSync = sync(staff, lostId, lock.lockId());
        LockUpdates.Newest atConnect = updates.newest();                // what the first connect brought, if anything
        if (atConnect.revocationsRefuse()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ((Message.Status) lock.handle(new Message.StatusRequest()))
                    .revocationVersion() == atConnect.revocationVersion());
        }
        long held = ((Message.Status) lock.handle(new Message.StatusRequest())).revocationVersion();
        gateway.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !jdbc.queryForObject("SELECT online FROM gateway WHERE id = ?",
                Boolean.class, gatewayId));

        String manager = tokens.forSubject(world.a().manager());
        long version = api.get("/api/v1/staff/" + world.a().staffId() + "/devices", manager).body().get(0).get("version").asLong();
        Response blocked = api.post("/api/v1/devices/" + lostId + "/block", manager, Map.of("reason", "Borttappad", "version", version));
        assertThat(blocked.status()).as(blocked.raw()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/lock-updates", manager).body()
                .get("revocationVersion").asLong() > held);                     // the new list is signed and was pushed
        Thread.sleep(1_000);
        assertThat(((Message.Status) lock.handle(new Message.StatusRequest())).revocationVersion())
                .as("nothing reaches a lock whose gateway is offline").isEqualTo(held);

        gateway = relay();
        gateway.start();                                               // GatewayCameOnline: the lock is brought up to date
        long newest = api.get("/api/v1/lock-updates", manager).body().get("revocationVersion").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> ((Message.Status) lock.handle(new Message.StatusRequest()))
                .revocationVersion() == newest);
        LockGattServer gatt = new LockGattServer(lock, 247);
        ReceiptClaims refused = claims(new PhoneAtTheDoor(lost.signer()).open(new GattDoorLink(gatt::write, gatt::read, 247),
                lock.lockId(), lostSync.credential(), PhoneAtTheDoor.Carried.NOTHING));
        assertThat(refused.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(refused.reason()).isEqualTo(CredentialRejection.DEVICE_BLOCKED.code());
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
    }

    @Test
    void rotationWhenAnAdministratorRotatesTheIssuerKeyThenLocksLearnTheNewKeyFromTheRootAndTheJwksShowsIt() throws Exception {
        String before = issuerKeys.signingKey().getKeyID();
        String admin = tokens.forSubject(world.admin());
        Response rotated = api.post("/api/v1/issuer-keys/rotate", admin, Map.of());
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        long anchors = rotated.body().get("trustAnchorVersion").asLong();
        String after = issuerKeys.signingKey().getKeyID();
        assertThat(after).isNotEqualTo(before);
        String jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/issuer/jwks.json"))
                .header("Accept", "application/jwk-set+json").build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(jwks).contains(before, after);
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Message.Status) lock.handle(new Message.StatusRequest())).trustAnchorVersion() == anchors);
        auditEntries("true");
        assertThat(trail.find(new AuditTrail.Query("ISSUER_KEY_ROTATED", "issuer_key", after, null, null, null, -1, 10))).hasSize(1);

        TestDevice device = new TestDevice();
        Synced synced = sync(staff, register(staff, device), lock.lockId());
        LockGattServer gatt = new LockGattServer(lock, 247);
        assertThat(claims(new PhoneAtTheDoor(device.signer()).open(new GattDoorLink(gatt::write, gatt::read, 247), lock.lockId(),
                synced.credential(), PhoneAtTheDoor.Carried.NOTHING)).outcome()).as("signed by the new key").isEqualTo(Outcome.OPENED);
        lock.handle(new Message.Relock(null));
        Response unlock = api.postWithHeader("/api/v1/unlocks", staff, "Idempotency-Key", "key-" + UUID.randomUUID(),
                Map.of("lockId", lock.lockId()));
        assertThat(unlock.status()).as("online opening goes on: " + unlock.raw()).isEqualTo(200);
    }

    @Test
    void clockWhenALocksClockWasResetThenTheUnlockShowsItAndASignedTimeUpdateSetsItForTheNext() {
        lock.drift(Duration.ofMinutes(-20));                      // a power cut put it back twenty minutes
        Response first = api.postWithHeader("/api/v1/unlocks", staff, "Idempotency-Key", "key-" + UUID.randomUUID(),
                Map.of("lockId", lock.lockId()));
        assertThat(first.raw()).doesNotContain("\"OPENED\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> Duration.between(Instant.now(),
                ((Message.Status) lock.handle(new Message.StatusRequest())).lockClock()).abs().getSeconds() <= 2);
        Response second = api.postWithHeader("/api/v1/unlocks", staff, "Idempotency-Key", "key-" + UUID.randomUUID(),
                Map.of("lockId", lock.lockId()));
        assertThat(second.status()).as(second.raw()).isEqualTo(200);
        assertThat(second.body().get("outcome").asText()).isEqualTo("OPENED");
        auditEntries("true");
        assertThat(trail.find(new AuditTrail.Query("LOCK_CLOCK_SET", "lock", lock.lockId().toString(), null, null, null, -1, 10))).hasSize(1);
    }

    @Test
    void policyWhenAUnitShortensOfflineValidityThenItsPhonesSyncShorterCredentialsAndOnlyItsManagerMaySetIt() {
        String manager = tokens.forSubject(world.a().manager());
        String path = "/api/v1/care-units/" + world.a().id() + "/offline-policy";
        assertThat(api.get(path, manager).body().get("maxValidity").asText()).isEqualTo("PT12H");
        assertThat(api.put(path, tokens.forSubject(world.b().manager()), Map.of("maxValidity", "PT1H")).status()).isEqualTo(403);
        Response tooLong = api.put(path, manager, Map.of("maxValidity", "PT13H"));
        assertThat(tooLong.status()).as(tooLong.raw()).isEqualTo(400);
        Response set = api.put(path, manager, Map.of("maxValidity", "PT1H"));
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        assertThat(set.body().get("maxValidity").asText()).isEqualTo("PT1H");

        Instant before = Instant.now();
        Response synced = api.post("/api/v1/me/offline-credentials", staff, Map.of("deviceId", register(staff, new TestDevice())));
        assertThat(synced.body().get("credentials")).isNotEmpty().allSatisfy(c -> assertThat(Instant.parse(c.get("expiry").asText()))
                .isBeforeOrEqualTo(before.plus(Duration.ofHours(1)).plusSeconds(5)));
        auditEntries("true");
        assertThat(trail.find(new AuditTrail.Query("OFFLINE_POLICY_SET", "care_unit", world.a().id().toString(), null, null, null, -1, 10)))
                .hasSize(1);
    }

    @Test
    void attackWhenAnotherUnitsManagerOrAnotherStaffMemberReachesForAPhoneThenRefusedAndNothingChanges() {
        UUID deviceId = register(staff, new TestDevice());
        String stranger = tokens.forSubject(world.b().manager());
        assertThat(api.get("/api/v1/staff/" + world.a().staffId() + "/devices", stranger).status()).as("another unit's manager reads")
                .isEqualTo(403);
        assertThat(api.post("/api/v1/devices/" + deviceId + "/block", stranger, Map.of("reason", "x", "version", 0)).status())
                .as("another unit's manager blocks").isEqualTo(403);
        String colleague = tokens.forSubject(world.b().staff());
        assertThat(api.post("/api/v1/me/offline-credentials", colleague, Map.of("deviceId", deviceId)).status())
                .as("another staff member syncs this phone").isEqualTo(404);
        assertThat(api.post("/api/v1/me/devices/" + deviceId + "/block", colleague, Map.of("reason", "x", "version", 0)).status())
                .as("another staff member blocks it").isEqualTo(404);
        assertThat(api.post("/api/v1/me/receipts", colleague, Map.of("deviceId", deviceId, "receipts", List.of())).status())
                .as("another staff member uploads for it").isEqualTo(404);
        assertThat(api.post("/api/v1/devices/" + deviceId + "/block", staff, Map.of("reason", "x", "version", 0)).status())
                .as("staff use their own endpoint, not the managers'").isEqualTo(403);
        assertThat(api.get("/api/v1/me/devices", staff).body().get(0).get("blockedAt").isNull()).isTrue();
    }
}
