package se.nyckelfri.platform.offline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.fixtures.issuer.TestDevice;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The staff API's device and receipt paths, each through HTTP with real tokens: a registration is audited, staff
 * block their own phone, receipts a phone carries home that the lock did not sign are turned away, and a gap in a
 * lock's receipt counters is listed for the auditors.
 */
class StaffDevicesAndCarriedReceiptsTest extends PlatformIntegrationTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Autowired
    IssuerKeyRing issuerKeys;
    @Autowired
    AuditTrail trail;
    @Autowired
    JdbcTemplate jdbc;

    private UUID register(String token, TestDevice device) {
        Response registered = api.post("/api/v1/me/devices", token, Map.of("name", "Jobbtelefon", "publicKey", B64.encodeToString(device.compressed())));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        return UUID.fromString(registered.body().get("id").asText());
    }

    private static byte[] relock(SimulatedLock lock) {
        return ((Message.Result) lock.handle(new Message.Relock(null))).receipt();
    }

    private Response upload(String token, UUID deviceId, UUID lockId, List<byte[]> receipts) {
        return api.post("/api/v1/me/receipts", token, Map.of("deviceId", deviceId, "receipts",
                receipts.stream().map(r -> Map.of("lockId", lockId, "receipt", B64.encodeToString(r))).toList()));
    }

    private long receiptsOf(UUID lockId) {
        return jdbc.queryForObject("SELECT count(*) FROM lock_receipt WHERE lock_id = ?", Long.class, lockId);
    }

    @Test
    void registerWhenAPhoneRegistersItsKeyThenADeviceRegisteredEntryNamesTheDeviceAndItsKey() {
        World world = worlds.create();
        String staff = tokens.forSubject(world.a().staff());
        TestDevice device = new TestDevice();
        UUID deviceId = register(staff, device);

        Response mine = api.get("/api/v1/me/devices", staff);
        assertThat(mine.body()).hasSize(1);
        assertThat(mine.body().get(0).get("id").asText()).isEqualTo(deviceId.toString());
        String keyId = mine.body().get(0).get("keyId").asText();
        UUID second = register(staff, new TestDevice());
        auditEntries("true");
        assertThat(trail.find(new AuditTrail.Query("DEVICE_REGISTERED", "device", deviceId.toString(), null, null, null, -1, 10)))
                .singleElement().satisfies(r -> assertThat(r.event().attributes()).containsEntry("key", keyId).containsKey("staff"));
        assertThat(trail.find(new AuditTrail.Query("DEVICE_REGISTERED", "device", second.toString(), null, null, null, -1, 10)))
                .as("each registration its own entry").hasSize(1);
    }

    @Test
    void blockWhenStaffBlockTheirOwnPhoneThenBlockedAtOnceAuditedAndItsSyncRefused() {
        World world = worlds.create();
        String staff = tokens.forSubject(world.a().staff());
        UUID deviceId = register(staff, new TestDevice());
        assertThat(api.post("/api/v1/me/offline-credentials", staff, Map.of("deviceId", deviceId)).status()).isEqualTo(200);
        long version = api.get("/api/v1/me/devices", staff).body().get(0).get("version").asLong();

        Response blocked = api.post("/api/v1/me/devices/" + deviceId + "/block", staff, Map.of("reason", "Tappade telefonen", "version", version));
        assertThat(blocked.status()).as(blocked.raw()).isEqualTo(200);
        assertThat(blocked.body().get("blockedAt").isNull()).isFalse();
        assertThat(api.get("/api/v1/me/devices", staff).body().get(0).get("blockedAt").isNull()).isFalse();
        Response sync = api.post("/api/v1/me/offline-credentials", staff, Map.of("deviceId", deviceId));
        assertThat(sync.status()).as(sync.raw()).isEqualTo(409);
        assertThat(sync.body().get("code").asText()).isEqualTo("DEVICE_BLOCKED");
        auditEntries("true");
        assertThat(trail.find(new AuditTrail.Query("DEVICE_BLOCKED", "device", deviceId.toString(), null, null, null, -1, 10)))
                .singleElement().satisfies(r -> assertThat(r.event().attributes()).containsKey("key"));
    }

    @Test
    void receiptsWhenAPhoneCarriesAReceiptTheLockDidNotSignThenInvalidAndNotRecordedBesideTheRealOnes() throws Exception {
        World world = worlds.create();
        String staff = tokens.forSubject(world.a().staff());
        UUID deviceId = register(staff, new TestDevice());
        TestWorlds.Home home = worlds.home(world.a(), "Kvittogatan 3", kid -> issuerKeys.trusted(kid).orElse(null));
        SimulatedLock lock = home.lock();
        Flash flash = Flash.inMemory();
        SimulatedLock.provision(flash, P256.generate());
        SimulatedLock impostor = new SimulatedLock(lock.lockId(), flash, Clock.systemUTC(), kid -> null); // same id, another key

        byte[] real = relock(lock);
        byte[] forged = relock(impostor);
        Response uploaded = upload(staff, deviceId, lock.lockId(), List.of(real, forged));
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(200);
        List<String> taken = new ArrayList<>();
        uploaded.body().get("receipts").forEach(t -> taken.add(t.asText()));
        assertThat(taken).containsExactly("RECORDED", "INVALID");
        assertThat(receiptsOf(lock.lockId())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lock_receipt WHERE lock_id = ? AND receipt = ?", Long.class,
                lock.lockId(), forged)).isZero();
        auditEntries("true");
        assertThat(trail.find(new AuditTrail.Query("LOCK_RECEIPT", "lock", lock.lockId().toString(), null, null, null, -1, 10)))
                .hasSize(1);
    }

    @Test
    void anomaliesWhenALocksReceiptsComeHomeWithACounterMissingThenTheAuditorSeesTheGapWithLockAndCounters() throws Exception {
        World world = worlds.create();
        String staff = tokens.forSubject(world.a().staff());
        UUID deviceId = register(staff, new TestDevice());
        TestWorlds.Home home = worlds.home(world.a(), "Luckgatan 4", kid -> issuerKeys.trusted(kid).orElse(null));
        SimulatedLock lock = home.lock();
        TestWorlds.Home other = worlds.home(world.a(), "Hela kedjan 5", kid -> issuerKeys.trusted(kid).orElse(null));

        List<byte[]> receipts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            receipts.add(relock(lock));                                 // counters 1..5
        }
        Response uploaded = upload(staff, deviceId, lock.lockId(), List.of(receipts.get(0), receipts.get(1), receipts.get(4)));
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(200);
        assertThat(uploaded.body().get("receipts").toString()).doesNotContain("INVALID");
        List<byte[]> complete = List.of(relock(other.lock()), relock(other.lock()), relock(other.lock()));
        assertThat(upload(staff, deviceId, other.lock().lockId(), complete).body().get("receipts").toString()).doesNotContain("INVALID");

        Response report = api.get("/api/v1/audit/anomalies?days=1", tokens.forSubject(world.auditor()));
        assertThat(report.status()).as(report.raw()).isEqualTo(200);
        List<JsonNode> gaps = new ArrayList<>();
        report.body().get("gaps").forEach(gaps::add);
        assertThat(gaps).as(report.body().get("gaps").toString()).filteredOn(g -> g.get("lock").asText().equals(lock.lockId().toString()))
                .singleElement().satisfies(g -> {
                    assertThat(g.get("after").asLong()).isEqualTo(2);
                    assertThat(g.get("before").asLong()).isEqualTo(5);
                    assertThat(g.get("missing").asLong()).isEqualTo(2);
                });
        assertThat(gaps).noneMatch(g -> g.get("lock").asText().equals(other.lock().lockId().toString()));

        upload(staff, deviceId, lock.lockId(), List.of(receipts.get(2), receipts.get(3)));   // the missing ones come home late
        List<JsonNode> after = new ArrayList<>();
        api.get("/api/v1/audit/anomalies?days=1", tokens.forSubject(world.auditor())).body().get("gaps").forEach(after::add);
        assertThat(after).noneMatch(g -> g.get("lock").asText().equals(lock.lockId().toString()));
    }
}
