package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * What the console shows managers and auditors is also an API, with the same rules: anomalies and a resident's log
 * extract for auditors, lock health and planned-versus-actual for managers. Over HTTP with real tokens.
 */
class ReviewApiTest extends PlatformIntegrationTest {

    private static final Actor SYSTEM = new Actor("system:test", "SYSTEM-TEST", Role.ADMIN, Set.of(), null);

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Accounts accounts;
    @Autowired
    ResidentService residents;
    World world;

    @BeforeEach
    void world() {
        world = worlds.create();
    }

    @Test
    void anomaliesWhenAuditorThenRepeatedRefusalsListedAndTheReadRecorded() {
        String intruder = tokens.forSubject(world.b().staff());
        for (int i = 0; i < 3; i++) {
            assertThat(api.postWithHeader("/api/v1/unlocks", intruder, "Idempotency-Key", UUID.randomUUID().toString(),
                    Map.of("lockId", world.a().lockId())).status()).isEqualTo(403);
        }
        String pseudonym = accounts.find(world.b().staff()).orElseThrow().pseudonym();
        long reads = count("AUDIT_READ");

        Response report = api.get("/api/v1/audit/anomalies?days=1", tokens.forSubject(world.auditor()));

        assertThat(report.status()).as(report.raw()).isEqualTo(200);
        assertThat(report.body().get("refusals").findValuesAsText("actor")).contains(pseudonym);
        assertThat(report.body().get("repeated").findValuesAsText("actor")).contains(pseudonym);
        assertThat(report.body().has("emergencies")).isTrue();
        assertThat(count("AUDIT_READ")).isEqualTo(reads + 1);
    }

    @Test
    void anomaliesWhenNotAnAuditorOrBadPeriodThenRefusedWithAProblem() {
        Response manager = api.get("/api/v1/audit/anomalies", tokens.forSubject(world.a().manager()));
        assertThat(manager.status()).isEqualTo(403);
        assertThat(manager.isProblem()).isTrue();
        for (String days : new String[] {"0", "91", "week"}) {
            Response bad = api.get("/api/v1/audit/anomalies?days=" + days, tokens.forSubject(world.auditor()));
            assertThat(bad.status()).as(days).isEqualTo(400);
            assertThat(bad.isProblem()).as(days).isTrue();
        }
    }

    @Test
    void residentExtractWhenAuditorThenTheResidentsEventsWithoutNamesUnlessAskedAndRecorded() {
        assertThat(api.postWithHeader("/api/v1/unlocks", tokens.forSubject(world.b().staff()), "Idempotency-Key",
                UUID.randomUUID().toString(), Map.of("lockId", world.a().lockId())).status()).isEqualTo(403);
        String resident = residents.get(SYSTEM, world.a().residentId()).resident().getPseudonym();
        long extracts = count("RESIDENT_EXTRACT");
        String auditor = tokens.forSubject(world.auditor());

        Response plain = api.post("/api/v1/audit/resident-extracts", auditor, Map.of("resident", resident));
        assertThat(plain.status()).as(plain.raw()).isEqualTo(200);
        assertThat(plain.body().get("residentPseudonym").asText()).isEqualTo(resident);
        assertThat(types(plain.body())).contains("CONSENT_RECORDED", "UNLOCK_DENIED");
        assertThat(plain.raw()).contains("Unit B").doesNotContain("Staff B");
        Response named = api.post("/api/v1/audit/resident-extracts", auditor, Map.of("resident", resident, "includeNames", true));
        assertThat(named.raw()).contains("Staff B");
        assertThat(count("RESIDENT_EXTRACT")).isEqualTo(extracts + 2);

        Response unknown = api.post("/api/v1/audit/resident-extracts", auditor, Map.of("resident", "R-NOSUCHRESIDENT"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();
        assertThat(api.post("/api/v1/audit/resident-extracts", auditor, Map.of("resident", " ")).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/audit/resident-extracts", tokens.forSubject(world.a().manager()), Map.of("resident", resident))
                .status()).isEqualTo(403);
        assertThat(count("RESIDENT_EXTRACT")).isEqualTo(extracts + 2);
    }

    @Test
    void lockHealthWhenManagerThenOnlyTheirUnitsLocks() {
        Response health = api.get("/api/v1/locks/health", tokens.forSubject(world.a().manager()));
        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        assertThat(health.body().findValuesAsText("lockId")).contains(world.a().lockId().toString())
                .doesNotContain(world.b().lockId().toString());
        assertThat(health.body().findValues("concerns").get(0).toString()).contains("NO_GATEWAY");
        assertThat(api.get("/api/v1/locks/health", tokens.forSubject(world.auditor())).status()).isEqualTo(403);
    }

    @Test
    void visitsWhenManagerThenOwnUnitsDayAndAnotherUnitRefusedAndRecorded() {
        String manager = tokens.forSubject(world.a().manager());
        String today = LocalDate.now(Schedule.ZONE).toString();
        long reads = count("VISITS_READ");

        Response own = api.get("/api/v1/care-units/" + world.a().id() + "/visits?date=" + today, manager);
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        assertThat(own.body().findValuesAsText("residentId")).containsExactly(world.a().residentId().toString());
        assertThat(count("VISITS_READ")).isEqualTo(reads + 1);

        Response other = api.get("/api/v1/care-units/" + world.b().id() + "/visits?date=" + today, manager);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.isProblem()).isTrue();
        assertThat(api.get("/api/v1/care-units/" + world.a().id() + "/visits?date=yesterday", manager).status()).isEqualTo(400);
        assertThat(count("VISITS_READ")).isEqualTo(reads + 1);
    }

    private static List<String> types(JsonNode extract) {
        List<String> types = new ArrayList<>();
        extract.get("lines").forEach(line -> types.add(line.get("type").asText()));
        return types;
    }

    private long count(String type) {
        return auditEntries("type = ?", type);
    }
}
