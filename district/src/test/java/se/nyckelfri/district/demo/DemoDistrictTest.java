package se.nyckelfri.district.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.nyckelfri.access.grant.policy.PolicyDecisions;
import se.nyckelfri.platform.NyckelfriPlatform;
import se.nyckelfri.platform.testsupport.Api;
import se.nyckelfri.platform.testsupport.TestProcesses;

/** The default run's demo district: the promised shape, usable demo users, and created once only. */
@AutoConfigureObservability
@SpringBootTest(classes = NyckelfriPlatform.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoDistrictTest {

    @org.springframework.beans.factory.annotation.Autowired
    se.nyckelfri.audit.AuditTrail trail;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        registry.add("nyckelfri.data-dir", Files.createTempDirectory("nyckelfri-demo-")::toString);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DemoDistrict district;
    @Autowired
    PolicyDecisions decisions;
    @LocalServerPort
    int port;

    @Test
    void defaultRunWhenEmbeddedDatabaseThenDistrictAsPromised() {
        assertThat(count("municipality")).isEqualTo(1);
        assertThat(count("care_provider")).isEqualTo(3);
        assertThat(count("care_unit")).isEqualTo(4);
        assertThat(count("resident")).isEqualTo(30);
        assertThat(count("staff_member")).isEqualTo(42);
        assertThat(count("door")).isEqualTo(33);
        assertThat(count("lock_device")).isEqualTo(33);
        assertThat(count("gateway")).isEqualTo(33);
        assertThat(count("access_grant")).isGreaterThan(100);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT role) FROM account", Long.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM resident_care_unit u JOIN care_unit c ON c.id = u.care_unit_id "
                + "WHERE c.name = 'Omsorgshuset Norr' AND EXISTS (SELECT 1 FROM resident_care_unit o WHERE o.resident_id = u.resident_id "
                + "AND o.care_unit_id <> u.care_unit_id AND o.care_unit_id IN (SELECT id FROM care_unit WHERE name = 'Hemtjänst Centrum'))",
                Long.class)).as("residents served by the municipality and the private provider").isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_grant WHERE kind = 'EMERGENCY_ONLY'", Long.class))
                .as("Larmpatrullen's emergency-only grants, one per home whose alarm it answers").isEqualTo(22);
        trail.size();   // every committed record sequenced
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE type = 'GRANT_CREATED'", Long.class))
                .isEqualTo(count("access_grant"));
    }

    @Test
    void demoUserWhenSignedInThenSeesOwnUnitOnly() throws Exception {
        String token = signIn("manager.centrum");
        Api api = new Api("http://localhost:" + port);
        var org = api.get("/api/v1/organisation", token).body();
        String centrum = org.findValues("careUnits").get(0).get(0).get("id").asText();
        String vaster = org.findValues("careUnits").get(0).get(1).get("id").asText();
        assertThat(api.get("/api/v1/residents?careUnitId=" + centrum, token).body()).hasSize(12);
        assertThat(api.get("/api/v1/residents?careUnitId=" + vaster, token).status()).isEqualTo(403);
    }

    @Test
    void prometheusWhenScrapedFromLoopbackThenServesMetrics() throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void demoStaffWhenFollowingTheReadmeThenOpensADoorInTheSimulatedDistrict() throws Exception {
        String token = signIn("anna.andersson");
        Api api = new Api("http://localhost:" + port);
        var residents = api.get("/api/v1/me/residents", token).body();
        String lock = null;
        for (var resident : residents) {
            for (var door : resident.get("doors")) {
                for (var l : door.get("locks")) {
                    if ("FLAT".equals(door.get("kind").asText()) && l.get("mayOpenNow").asBoolean()) {
                        lock = l.get("lockId").asText();
                    }
                }
            }
        }
        assertThat(lock).as("Anna's around-the-clock demo grant gives her a door at any hour").isNotNull();
        var opened = api.postWithHeader("/api/v1/unlocks", token, "Idempotency-Key", "readme-" + System.nanoTime(),
                java.util.Map.of("lockId", lock));
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        assertThat(opened.body().get("outcome").asText()).isEqualTo("OPENED");
        assertThat(trail.find(new se.nyckelfri.audit.AuditTrail.Query("LOCK_RECEIPT", "lock", String.valueOf(lock), null,
                null, null, -1, 100))).hasSize(1);
    }

    @Test
    void alarmResponderWhenFollowingTheReadmeThenOpensOnlyThroughAnEmergency() throws Exception {
        Api api = new Api("http://localhost:" + port);
        var health = api.get("/api/v1/locks/health", signIn("manager.larm"));
        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        List<String> locks = health.body().findValuesAsText("lockId");
        assertThat(locks).as("the 22 flats whose alarms Larmpatrullen answers, and two shared entrances").hasSize(24);
        String lock = locks.get(0);
        String responder = signIn("fredrik.lind");
        assertThat(api.get("/api/v1/me/residents", responder).body()).as("no visit is planned under an emergency-only grant")
                .isEmpty();
        var helpable = api.get("/api/v1/me/emergency-residents", responder).body();
        assertThat(helpable).as("the homes whose alarms Larmpatrullen answers").hasSize(22);
        assertThat(helpable.findValuesAsText("lockId")).contains(lock);
        assertThat(helpable.findValues("mayOpenNow")).allMatch(com.fasterxml.jackson.databind.JsonNode::asBoolean);

        var ordinary = api.postWithHeader("/api/v1/unlocks", responder, "Idempotency-Key", "readme-" + System.nanoTime(),
                java.util.Map.of("lockId", lock));
        assertThat(ordinary.status()).isEqualTo(403);
        assertThat(ordinary.body().get("code").asText()).isEqualTo("EMERGENCY_ONLY");
        var emergency = api.postWithHeader("/api/v1/emergency-unlocks", responder, "Idempotency-Key", "readme-" + System.nanoTime(),
                java.util.Map.of("lockId", lock, "cause", "ALARM", "alarmReference", "LARM-2026-0042"));
        assertThat(emergency.status()).as(emergency.raw()).isEqualTo(200);
        assertThat(emergency.body().get("outcome").asText()).isEqualTo("OPENED");
        assertThat(api.post("/api/v1/relocks", responder, java.util.Map.of("lockId", lock)).body().get("outcome").asText())
                .isEqualTo("RELOCKED");
    }

    private String signIn(String user) throws Exception {
        return TestProcesses.signIn(user, port);
    }

    @Test
    void seedWhenRunAgainThenNothingDuplicated() throws Exception {
        long residents = count("resident");
        long audit = trail.size();
        district.run(new DefaultApplicationArguments());
        assertThat(count("resident")).isEqualTo(residents);
        assertThat(trail.size()).isEqualTo(audit);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }
}
