package se.nyckelfri.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.audittrail.Anomalies;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.gateway.bluetooth.BluetoothLockLink;
import se.nyckelfri.gateway.journal.ReceiptJournal;
import se.nyckelfri.gateway.mqtt.GatewayRelay;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The main path of the product with every real part: a staff member's bearer token over HTTP, the policy decision,
 * the key issuer's recorded-then-signed credential, the embedded MQTT broker, the gateway relay, BlueCove-emulated
 * RFCOMM and the simulated lock; its signed receipt verified against the key it registered at commissioning.
 */
class UnlockEndToEndTest extends PlatformIntegrationTest {

    private static final Object GATEWAY_ADAPTER = BluetoothEmulator.newAdapter();
    private static final Actor ADMIN = new Actor("test-admin", "U-E2ETEST", Role.ADMIN, Set.of(), null);

    @Autowired
    PremisesService premises;
    @Autowired
    GrantService grants;
    @Autowired
    IssuerKeyRing issuerKeys;
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
    Accounts accounts;

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
        TestWorlds.Home home = worlds.home(world.a(), "Testgatan 1", kid -> issuerKeys.trusted(kid).orElse(null));
        lock = home.lock();
        onAir = EmulatedLockService.start(lock);
        gatewayId = home.gatewayId();
        journalDir = Files.createTempDirectory("journal-");
        gateway = relay();
        gateway.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.connected() && fleet.connected());

        Instant now = Instant.now();
        grants.grant(ADMIN, TestGrants.once(now.minusSeconds(60), Duration.ofSeconds(60).plus(Duration.ofHours(1)))
                .to(world.a()).purpose("Visit").request());
        staff = tokens.forSubject(world.a().staff());
    }

    private GatewayRelay relay() {
        return new GatewayRelay(new GatewayRelay.Settings(gatewayId, "127.0.0.1", broker.port(),
                credentials.passwordFor(gatewayId.toString()), new ReceiptJournal(journalDir), Duration.ofMillis(200)),
                Map.of(lock.lockId(), new BluetoothLockLink(onAir.url(), GATEWAY_ADAPTER)));
    }

    @Test
    void journalWhenTheAnswerWasLostThenTheLocksReceiptStillReachesTheAuditLogOnce() {
        lock.faults().dropAfterBytes(10, 1);
        Response lost = unlock(staff, "key-" + UUID.randomUUID());
        assertThat(lost.body().path("code").asText()).as(lost.raw()).isEqualTo("OUTCOME_UNKNOWN");
        await().atMost(Duration.ofSeconds(20)).until(() -> receiptsRecorded() == 1);
        assertThat(jdbc.queryForObject("SELECT outcome FROM lock_receipt WHERE lock_id = ?", String.class, lock.lockId()))
                .isEqualTo("OPENED");
        assertThat(trail.find(new AuditTrail.Query("LOCK_RECEIPT", "lock", lock.lockId().toString(), null, null, null, -1, 10))
                .get(0).event().attributes().get("via")).startsWith("journal:");
    }

    @Test
    void journalWhenGatewayWasOfflineThenEveryReceiptArrivesOnceWithoutCounterGaps() throws Exception {
        assertThat(unlock(staff, "key-" + UUID.randomUUID()).status()).isEqualTo(200);
        gateway.close();
        for (int i = 0; i < 5; i++) {
            lock.handle(new Message.Relock(null)); // the door used while the home was offline
        }
        Thread.sleep(500);
        assertThat(receiptsRecorded()).isEqualTo(1);
        gateway = relay();
        gateway.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> receiptsRecorded() == 6);
        Thread.sleep(600);
        List<Long> counters = jdbc.queryForList("SELECT counter FROM lock_receipt WHERE lock_id = ? ORDER BY counter",
                Long.class, lock.lockId());
        assertThat(counters).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(trail.find(new se.nyckelfri.audit.AuditTrail.Query("LOCK_RECEIPT", "lock", lock.lockId().toString(), null,
                null, null, -1, 100))).hasSize(6);
    }

    @Test
    void healthWhenGatewayOnlineAndLockReportsThenVisibleToTheManagerAndOfflineWhenTheGatewayStops() {
        assertThat(unlock(staff, "key-" + UUID.randomUUID()).status()).isEqualTo(200);
        String manager = tokens.forSubject(world.a().manager());
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/gateways/" + gatewayId, manager).body().get("online").asBoolean());
        Response lockView = api.get("/api/v1/locks/" + lock.lockId(), manager);
        assertThat(lockView.body().get("batteryPercent").asInt()).isBetween(90, 100);
        assertThat(lockView.body().get("lastReceiptAt").isNull()).isFalse();
        gateway.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> !api.get("/api/v1/gateways/" + gatewayId, manager).body().get("online").asBoolean());
        assertThat(api.get("/api/v1/gateways/" + gatewayId, manager).body().get("lastSeenAt").isNull()).isFalse();
    }

    private long receiptsRecorded() {
        return jdbc.queryForObject("SELECT count(*) FROM lock_receipt WHERE lock_id = ?", Long.class, lock.lockId());
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        onAir.close();
    }

    @Test
    void unlockWhenGrantedThenDoorOpensReceiptVerifiedAndBothRecordedInTheAuditLog() {
        Response response = unlock(staff, "key-" + UUID.randomUUID());
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.body().get("outcome").asText()).isEqualTo("OPENED");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);

        String credentialId = response.body().get("credentialId").asText();
        List<AuditRecord> issued = trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.lockId().toString(),
                null, null, null, -1, 10));
        assertThat(issued).singleElement().satisfies(r -> assertThat(r.event().attributes()).containsEntry("credential", credentialId));
        List<AuditRecord> receipts = trail.find(new AuditTrail.Query("LOCK_RECEIPT", "lock", lock.lockId().toString(),
                null, null, null, -1, 10));
        assertThat(receipts).singleElement().satisfies(r -> {
            assertThat(r.event().outcome()).isEqualTo("OPENED");
            assertThat(r.event().attributes()).containsEntry("credential", credentialId).containsEntry("counter", "1");
        });
        assertThat(issued.get(0).index()).isLessThan(receipts.get(0).index());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM lock_receipt WHERE lock_id = ?", Long.class, lock.lockId())).isOne();

        Response relock = api.post("/api/v1/relocks", staff, Map.of("lockId", lock.lockId()));
        assertThat(relock.body().get("outcome").asText()).isEqualTo("RELOCKED");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
    }

    @Test
    void myResidentsWhenGrantedTodayThenResidentDoorAndOpenableLockListedAndOthersNot() {
        Response mine = api.get("/api/v1/me/residents", staff);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).singleElement().satisfies(resident -> {
            assertThat(resident.get("residentId").asText()).isEqualTo(world.a().residentId().toString());
            assertThat(resident.get("name").asText()).startsWith("Resident A");
            assertThat(resident.findValuesAsText("lockId")).contains(lock.lockId().toString());
            assertThat(resident.findValues("mayOpenNow")).anyMatch(v -> v.asBoolean());
        });
        assertThat(api.get("/api/v1/me/residents", tokens.forSubject(world.b().staff())).body()).isEmpty();
        assertThat(api.get("/api/v1/me/residents", tokens.forSubject(world.a().manager())).status()).isEqualTo(403);
    }

    @Test
    void unlockWhenSameIdempotencyKeyAgainThenSameAnswerAndTheDoorOpensOnce() {
        String key = "key-" + UUID.randomUUID();
        Response first = unlock(staff, key);
        Response again = unlock(staff, key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(lock.counter()).isEqualTo(1);
        Response reused = api.post("/api/v1/unlocks", tokens.forSubject(world.b().staff()), Map.of("lockId", lock.lockId()));
        assertThat(reused.status()).isEqualTo(400);
    }

    @Test
    void unlockWhenNoGrantThen403AuditedAndNoCredentialIssued() {
        Response denied = unlock(tokens.forSubject(world.b().staff()), "key-" + UUID.randomUUID());
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.isProblem()).isTrue();
        assertThat(denied.body().get("code").asText()).isEqualTo("NO_GRANT");
        assertThat(trail.find(new AuditTrail.Query("UNLOCK_DENIED", "lock", lock.lockId().toString(), null, null, null, -1, 10)))
                .singleElement().satisfies(r -> assertThat(r.event().reason()).isEqualTo("NO_GRANT"));
        assertThat(trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.lockId().toString(), null, null, null, -1, 10)))
                .isEmpty();
        assertThat(lock.counter()).as("nothing reached the lock").isZero();
    }

    @Test
    void unlockWhenRepeatedlyDeniedThenRateLimited() {
        String intruder = tokens.forSubject(world.b().staff());
        for (int i = 0; i < 5; i++) {
            assertThat(unlock(intruder, "key-" + UUID.randomUUID()).status()).isEqualTo(403);
        }
        Response limited = unlock(intruder, "key-" + UUID.randomUUID());
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().get("code").asText()).isEqualTo("TOO_MANY_DENIALS");
    }

    @Test
    void unlockWhenLinkDropsBeforeTheCredentialThenUnreachableAndNothingIssued() {
        lock.faults().dropAfterBytes(10);
        Response response = unlock(staff, "key-" + UUID.randomUUID());
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.body().get("code").asText()).isEqualTo("DROPPED");
        assertThat(trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.lockId().toString(), null, null, null, -1, 10)))
                .isEmpty();
    }

    @Test
    void unlockWhenLinkDropsMidCommandThenOutcomeUnknownAndRetryWithSameKeyDoesNotOpenTwice() {
        lock.faults().dropAfterBytes(10, 1);
        String key = "key-" + UUID.randomUUID();
        Response first = unlock(staff, key);
        assertThat(first.status()).as(first.raw()).isIn(504);
        assertThat(first.body().get("code").asText()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(first.raw()).doesNotContain("OPENED");
        Response retry = unlock(staff, key);
        assertThat(retry.status()).isEqualTo(504);
        assertThat(lock.counter()).as("one credential reached the lock, once").isLessThanOrEqualTo(1);
        assertThat(trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.lockId().toString(), null, null, null, -1, 10)))
                .hasSize(1);
    }

    @Test
    void emergencyUnlockWhenOutsideTheGrantsWindowThenOpensRecordedBeforeTheCredentialAndListedForReview() {
        // Staff member B's grant to the resident is for a morning three days from today only.
        DayOfWeek otherDay = LocalDate.now(Schedule.ZONE).getDayOfWeek().plus(3);
        AccessGrant weekly = grants.grant(ADMIN, new GrantService.GrantRequest(world.a().residentId(),
                AccessGrant.Grantee.staff(world.b().staffId()), GrantKind.RECURRING,
                List.of(new WeeklyWindow(otherDay, LocalTime.of(7, 0), LocalTime.of(7, 45))),
                Instant.now().minus(Duration.ofDays(1)), null, null, null, "Morgonbesök"));
        String responder = tokens.forSubject(world.b().staff());
        assertThat(unlock(responder, "key-" + UUID.randomUUID()).body().path("code").asText()).isEqualTo("OUTSIDE_WINDOW");

        Response opened = emergency(responder, "key-" + UUID.randomUUID(), Map.of("lockId", lock.lockId(), "cause", "ALARM",
                "alarmReference", "LARM-4711"));
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        assertThat(opened.body().get("outcome").asText()).isEqualTo("OPENED");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);

        String lockId = lock.lockId().toString();
        AuditRecord emergency = trail.find(new AuditTrail.Query("EMERGENCY_ACCESS", "lock", lockId, null, null, null, -1, 10)).get(0);
        AuditRecord issued = trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lockId, null, null, null, -1, 10)).get(0);
        assertThat(emergency.event().reason()).isEqualTo("ALARM");
        assertThat(emergency.event().attributes()).containsEntry("alarm_reference", "LARM-4711")
                .containsEntry("grant", weekly.getId().toString());
        assertThat(emergency.index()).as("recorded before the credential").isLessThan(issued.index());
        assertThat(issued.event().attributes()).as("the issuance names its emergency")
                .containsEntry("emergency", Long.toString(emergency.index()));
        assertThat(Duration.between(Instant.parse(issued.event().attributes().get("not_before")),
                Instant.parse(issued.event().attributes().get("expiry")))).isEqualTo(Duration.ofMinutes(1));
        assertThat(api.post("/api/v1/relocks", responder, Map.of("lockId", lock.lockId())).body().get("outcome").asText())
                .as("whoever opened in an emergency can lock up on leaving").isEqualTo("RELOCKED");

        Actor auditor = accounts.find(world.auditor()).orElseThrow();
        String responderPseudonym = accounts.find(world.b().staff()).orElseThrow().pseudonym();
        await().atMost(Duration.ofSeconds(20)).until(() -> anomalies.lastDays(auditor, 1).emergencies().stream().anyMatch(e -> e.lock().equals(lockId)
                && e.lockOutcome().equals("OPENED")));
        assertThat(anomalies.lastDays(auditor, 1).emergencies()).filteredOn(e -> e.lock().equals(lockId)).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(responderPseudonym);
                    assertThat(e.cause()).isEqualTo("ALARM");
                    assertThat(e.alarmReference()).isEqualTo("LARM-4711");
                    assertThat(e.index()).isEqualTo(emergency.index());
                });
    }

    @Test
    void emergencyUnlockWhenNoGrantOrBadRequestThenRefusedRecordedAndNothingIssued() {
        String stranger = tokens.forSubject(worlds.create().a().staff());
        Response refused = emergency(stranger, "key-" + UUID.randomUUID(), Map.of("lockId", lock.lockId(), "cause", "NO_ANSWER"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.body().get("code").asText()).isEqualTo("NO_GRANT");
        assertThat(trail.find(new AuditTrail.Query("EMERGENCY_UNLOCK_DENIED", "lock", lock.lockId().toString(), null, null, null,
                -1, 10))).singleElement().satisfies(r -> assertThat(r.event().reason()).isEqualTo("NO_GRANT"));

        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("lockId", lock.lockId(), "cause", "JUST_BECAUSE"),
                Map.of("lockId", lock.lockId()),
                Map.of("lockId", lock.lockId(), "cause", "ALARM", "alarmReference", "Gun Holm fell in the hall"))) {
            Response invalid = emergency(staff, "key-" + UUID.randomUUID(), bad);
            assertThat(invalid.status()).as(invalid.raw()).isEqualTo(400);
            assertThat(invalid.isProblem()).isTrue();
        }
        Response noKey = api.post("/api/v1/emergency-unlocks", staff, Map.of("lockId", lock.lockId(), "cause", "ALARM"));
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.lockId().toString(), null, null, null, -1, 10)))
                .isEmpty();
        assertThat(trail.find(new AuditTrail.Query("EMERGENCY_ACCESS", "lock", lock.lockId().toString(), null, null, null, -1, 10)))
                .isEmpty();
        assertThat(lock.counter()).as("nothing reached the lock").isZero();
    }

    private Response emergency(String token, String key, Map<String, Object> body) {
        return api.postWithHeader("/api/v1/emergency-unlocks", token, "Idempotency-Key", key, body);
    }

    private Response unlock(String token, String key) {
        return api.postWithHeader("/api/v1/unlocks", token, "Idempotency-Key", key, Map.of("lockId", lock.lockId()));
    }


}
