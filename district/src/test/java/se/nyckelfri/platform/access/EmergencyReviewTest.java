package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The follow-up of emergency openings over HTTP with real tokens: the unit's manager sees the emergency at their
 * resident's door and records a conclusion once; another unit's manager sees nothing and may not review; the auditor
 * sees the review and may not make one; the review is in the audit log and the application cannot change it.
 */
class EmergencyReviewTest extends PlatformIntegrationTest {

    private static final Actor SYSTEM = new Actor("system:test", "SYSTEM-TEST", Role.ADMIN, Set.of(), null);

    @Autowired
    GrantService grants;
    @Autowired
    AuditTrail trail;
    @Autowired
    Accounts accounts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditLog audit;
    @Autowired
    EmergencyOpenings openings;
    World world;
    long emergency;

    /** Staff A, granted for emergencies only, opens resident A's door in an emergency (the lock has no gateway). */
    @BeforeEach
    void anEmergency() {
        world = worlds.create();
        grants.grant(SYSTEM, new GrantService.GrantRequest(world.a().residentId(), AccessGrant.Grantee.staff(world.a().staffId()),
                GrantKind.EMERGENCY_ONLY, List.of(), null, null, null, null, "Trygghetslarm"));
        Response attempt = api.postWithHeader("/api/v1/emergency-unlocks", tokens.forSubject(world.a().staff()), "Idempotency-Key",
                UUID.randomUUID().toString(), Map.of("lockId", world.a().lockId(), "cause", "NO_ANSWER", "alarmReference", "LARM-77"));
        assertThat(attempt.body().path("code").asText()).as(attempt.raw()).isEqualTo("NO_GATEWAY");
        emergency = trail.find(new AuditTrail.Query("EMERGENCY_ACCESS", "lock", world.a().lockId().toString(), null, null, null, -1, 10))
                .get(0).index();
    }

    @Test
    void reviewWhenTheUnitsManagerThenListedUnreviewedFirstRecordedOnceAndShownToTheAuditor() {
        String manager = tokens.forSubject(world.a().manager());
        long reads = auditEntries("type = 'EMERGENCIES_READ'");

        JsonNode listed = mine(api.get("/api/v1/emergencies?days=1", manager));
        assertThat(listed.get("door").asText()).startsWith("Testgatan 1");
        assertThat(listed.get("staffName").asText()).startsWith("Staff A");
        assertThat(listed.get("cause").asText()).isEqualTo("NO_ANSWER");
        assertThat(listed.get("alarmReference").asText()).isEqualTo("LARM-77");
        assertThat(listed.get("lockOutcome").asText()).as("no receipt: the lock was never reached").isEmpty();
        assertThat(listed.get("reviewed").asBoolean()).isFalse();
        assertThat(auditEntries("type = 'EMERGENCIES_READ'")).as("looking is recorded").isEqualTo(reads + 1);

        Response reviewed = api.post("/api/v1/emergencies/" + emergency + "/review", manager, Map.of("conclusion", "JUSTIFIED"));
        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        String managerPseudonym = accounts.find(world.a().manager()).orElseThrow().pseudonym();
        assertThat(reviewed.body().at("/review/conclusion").asText()).isEqualTo("JUSTIFIED");
        assertThat(reviewed.body().at("/review/reviewedBy").asText()).isEqualTo(managerPseudonym);

        AuditRecord entry = trail.find(new AuditTrail.Query("EMERGENCY_REVIEWED", "lock", world.a().lockId().toString(), null,
                null, null, -1, 10)).get(0);
        assertThat(entry.event().actor()).isEqualTo(managerPseudonym);
        assertThat(entry.event().outcome()).isEqualTo("JUSTIFIED");
        assertThat(entry.event().attributes()).containsEntry("emergency", Long.toString(emergency));

        Response again = api.post("/api/v1/emergencies/" + emergency + "/review", manager, Map.of("conclusion", "NOT_JUSTIFIED"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("code").asText()).isEqualTo("ALREADY_REVIEWED");

        String auditor = tokens.forSubject(world.auditor());
        JsonNode seen = mine(api.get("/api/v1/emergencies?days=1", auditor));
        assertThat(seen.at("/review/conclusion").asText()).isEqualTo("JUSTIFIED");
        assertThat(seen.get("staffName").asText()).as("an auditor sees the log's pseudonym, not the name").isEmpty();
        assertThat(seen.get("actor").asText()).isEqualTo(accounts.find(world.a().staff()).orElseThrow().pseudonym());
        JsonNode anomaly = null;
        for (JsonNode e : api.get("/api/v1/audit/anomalies?days=1", auditor).body().get("emergencies")) {
            if (e.get("index").asLong() == emergency) {
                anomaly = e;
            }
        }
        assertThat(anomaly).isNotNull();
        assertThat(anomaly.at("/review/conclusion").asText()).isEqualTo("JUSTIFIED");
    }

    @Test
    void reviewWhenAnotherUnitsManagerOrAnAuditorOrStaffThenRefusedAndNothingRecorded() {
        String other = tokens.forSubject(world.b().manager());
        assertThat(api.get("/api/v1/emergencies?days=1", other).body().findValuesAsText("index"))
                .doesNotContain(Long.toString(emergency));
        long refusals = auditEntries("type = 'ACCESS_REFUSED'");
        Response refused = api.post("/api/v1/emergencies/" + emergency + "/review", other, Map.of("conclusion", "JUSTIFIED"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat(auditEntries("type = 'ACCESS_REFUSED'")).as("the refusal is recorded").isEqualTo(refusals + 1);

        assertThat(api.post("/api/v1/emergencies/" + emergency + "/review", tokens.forSubject(world.auditor()),
                Map.of("conclusion", "JUSTIFIED")).status()).as("auditors read, never write").isEqualTo(403);
        assertThat(api.post("/api/v1/emergencies/" + emergency + "/review", tokens.forSubject(world.a().staff()),
                Map.of("conclusion", "JUSTIFIED")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/emergencies", tokens.forSubject(world.a().staff())).status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM emergency_review WHERE emergency_index = ?", Long.class, emergency))
                .isZero();
        assertThat(trail.find(new AuditTrail.Query("EMERGENCY_REVIEWED", "lock", world.a().lockId().toString(), null, null, null,
                -1, 10))).isEmpty();
    }

    @Test
    void reviewWhenBadInputThenAProblemNamingItAndNothingWritten() {
        String manager = tokens.forSubject(world.a().manager());
        Response maybe = api.post("/api/v1/emergencies/" + emergency + "/review", manager, Map.of("conclusion", "MAYBE"));
        assertThat(maybe.status()).isEqualTo(400);
        assertThat(maybe.isProblem()).isTrue();
        assertThat(api.post("/api/v1/emergencies/" + emergency + "/review", manager, Map.of()).status()).isEqualTo(400);
        assertThat(api.post("/api/v1/emergencies/not-a-number/review", manager, Map.of("conclusion", "JUSTIFIED")).status()).isEqualTo(400);
        Response unknown = api.post("/api/v1/emergencies/" + Long.MAX_VALUE + "/review", manager, Map.of("conclusion", "JUSTIFIED"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();
        long notAnEmergency = trail.find(new AuditTrail.Query("CONSENT_RECORDED", null, null, null, null, null, -1, 1)).get(0).index();
        assertThat(api.post("/api/v1/emergencies/" + notAnEmergency + "/review", manager, Map.of("conclusion", "JUSTIFIED")).status())
                .as("an index that is no emergency opening").isEqualTo(404);
        for (String days : new String[] {"0", "91", "month"}) {
            assertThat(api.get("/api/v1/emergencies?days=" + days, manager).status()).as(days).isEqualTo(400);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM emergency_review WHERE emergency_index = ?", Long.class, emergency))
                .isZero();
    }

    @Test
    void reviewWhenRecordedThenTheApplicationCannotChangeOrDeleteIt() {
        assertThat(api.post("/api/v1/emergencies/" + emergency + "/review", tokens.forSubject(world.a().manager()),
                Map.of("conclusion", "NOT_JUSTIFIED")).status()).isEqualTo(200);
        assertThatThrownBy(() -> jdbc.update("UPDATE emergency_review SET conclusion = 'JUSTIFIED' WHERE emergency_index = ?", emergency))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM emergency_review WHERE emergency_index = ?", emergency))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThat(jdbc.queryForObject("SELECT conclusion FROM emergency_review WHERE emergency_index = ?", String.class, emergency))
                .isEqualTo("NOT_JUSTIFIED");
    }

    @Test
    void sinceWhenSeveralEmergenciesThenEachIsARowKeyedByItsLogIndexAndListedNewestFirst() {
        String staff = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        AuditRecord first = trail.find(new AuditTrail.Query("EMERGENCY_ACCESS", "lock", world.a().lockId().toString(), null,
                null, null, -1, 1)).get(0);
        List<Long> made = new java.util.ArrayList<>(List.of(emergency));
        for (int i = 0; i < 4; i++) {
            made.add(openings.record(staff, world.a().lockId(), null, "ALARM", null));
        }

        List<EmergencyOpenings.Opening> found = openings.since(first.recordedAt().minusSeconds(1),
                locks -> Set.of(world.a().lockId().toString()));

        assertThat(found).extracting(EmergencyOpenings.Opening::index)
                .containsExactlyElementsOf(made.stream().sorted(java.util.Comparator.reverseOrder()).toList());
        for (long index : made) {   // each row's index is its own EMERGENCY_ACCESS entry's
            assertThat(trail.find(new AuditTrail.Query("EMERGENCY_ACCESS", null, null, null, null, null, index - 1, 1)))
                    .extracting(AuditRecord::index).containsExactly(index);
        }
    }

    /** This test's emergency in a list of them. */
    private JsonNode mine(Response list) {
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        for (JsonNode c : list.body()) {
            if (c.get("index").asLong() == emergency) {
                return c;
            }
        }
        throw new AssertionError("emergency " + emergency + " not listed: " + list.raw());
    }
}
