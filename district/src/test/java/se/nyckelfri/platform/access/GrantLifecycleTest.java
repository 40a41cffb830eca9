package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** Granting, deciding and taking access away through the manager API, with each decision reason. */
class GrantLifecycleTest extends PlatformIntegrationTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    /** A Monday in the future, inside the grant's 07:00-07:45 window and outside it. */
    /** A Monday well after the grants the tests make from now: the tests answer the same on any day. */
    private static final LocalDate MONDAY = LocalDate.now(STOCKHOLM).plusWeeks(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    private static final Instant INSIDE = LocalDateTime.of(MONDAY, java.time.LocalTime.of(7, 10)).atZone(STOCKHOLM).toInstant();
    private static final Instant OUTSIDE = LocalDateTime.of(MONDAY, java.time.LocalTime.of(8, 0)).atZone(STOCKHOLM).toInstant();

    @Autowired
    AuditTrail trail;
    World world;
    String manager;
    String admin;

    @BeforeEach
    void world() {
        world = worlds.create();
        manager = tokens.forSubject(world.a().manager());
        admin = tokens.forSubject(world.admin());
    }

    @Test
    void grantWhenRecurringThenAllowedInsideWindowOnlyAndAudited() {
        JsonNode grant = personalGrant();
        assertThat(grant.get("timeZone").asText()).isEqualTo("Europe/Stockholm");
        assertThat(grant.get("windows")).hasSize(5);

        JsonNode inside = decide(world.a().staffId(), world.a().lockId(), INSIDE);
        assertThat(inside.get("allowed").asBoolean()).isTrue();
        assertThat(inside.get("grantId").asText()).isEqualTo(grant.get("id").asText());
        assertThat(decide(world.a().staffId(), world.a().lockId(), OUTSIDE).get("reason").asText()).isEqualTo("OUTSIDE_WINDOW");

        List<AuditRecord> created = records("GRANT_CREATED", grant.get("id").asText());
        assertThat(created).hasSize(1);
        assertThat(created.get(0).event().attributes()).containsEntry("kind", "RECURRING");
        assertThat(created.get(0).event().attributes().values()).noneMatch(v -> v.contains("Resident A"));
    }

    @Test
    void revokeWhenGrantLiveThenDeniedAtOnceAndSecondRevokeIsConflict() {
        String grantId = personalGrant().get("id").asText();
        Response revoked = api.post("/api/v1/grants/" + grantId + "/revoke", manager, Map.of("reason", "Changed schedule"));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("revoked").asBoolean()).isTrue();
        assertThat(decide(world.a().staffId(), world.a().lockId(), INSIDE).get("reason").asText()).isEqualTo("REVOKED");
        assertThat(records("GRANT_REVOKED", grantId)).hasSize(1);

        Response again = api.post("/api/v1/grants/" + grantId + "/revoke", manager, Map.of("reason", "again"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("code").asText()).isEqualTo("GRANT_ALREADY_REVOKED");
        assertThat(records("GRANT_REVOKED", grantId)).hasSize(1);
    }

    @Test
    void withdrawConsentWhenGrantLiveThenNoConsentAndNewGrantsRefused() {
        personalGrant();
        Response withdrawn = api.post("/api/v1/residents/" + world.a().residentId() + "/consents/" + world.a().consentId()
                + "/withdraw", manager, Map.of("reason", "Resident wants a key", "version", 0));
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(decide(world.a().staffId(), world.a().lockId(), INSIDE).get("reason").asText()).isEqualTo("NO_CONSENT");
        assertThat(records("CONSENT_WITHDRAWN", null)).anySatisfy(r ->
                assertThat(r.event().attributes()).containsEntry("consent", world.a().consentId().toString()));

        Response refused = api.post("/api/v1/grants", manager, RoleAccessTest.teamGrant(
                world.a().residentId().toString(), world.a().id().toString()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("code").asText()).isEqualTo("NO_CONSENT");

        Response again = api.post("/api/v1/residents/" + world.a().residentId() + "/consents", manager,
                Map.of("givenBy", "GUARDIAN", "givenOn", "2026-11-01"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(decide(world.a().staffId(), world.a().lockId(), INSIDE).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void endEmploymentWhenGrantsLiveThenStaffInactiveAndEveryPersonalGrantRevoked() {
        String first = personalGrant().get("id").asText();
        String second = personalGrant().get("id").asText();
        Response ended = api.post("/api/v1/staff/" + world.a().staffId() + "/end-employment", manager, Map.of("version", 0));
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.body().get("employmentStatus").asText()).isEqualTo("ENDED");

        assertThat(decide(world.a().staffId(), world.a().lockId(), INSIDE).get("reason").asText()).isEqualTo("STAFF_INACTIVE");
        JsonNode grants = api.get("/api/v1/grants?staffMemberId=" + world.a().staffId(), manager).body();
        assertThat(grants).hasSize(2).allSatisfy(g -> assertThat(g.get("revoked").asBoolean()).isTrue());
        for (String id : List.of(first, second)) {
            assertThat(records("GRANT_REVOKED", id)).singleElement()
                    .satisfies(r -> assertThat(r.event().reason()).isEqualTo("EMPLOYMENT_ENDED"));
        }
        Response refused = api.post("/api/v1/grants", manager, personalGrantBody());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("code").asText()).isEqualTo("STAFF_INACTIVE");
    }

    @Test
    void decideWhenLockDecommissionedThenLockInactive() {
        personalGrant();
        Response decommissioned = api.post("/api/v1/locks/" + world.a().lockId() + "/decommission", manager, Map.of("version", 1));
        assertThat(decommissioned.status()).isEqualTo(200);
        assertThat(decide(world.a().staffId(), world.a().lockId(), INSIDE).get("reason").asText()).isEqualTo("LOCK_INACTIVE");
    }

    @Test
    void decideWhenTeamGrantThenEveryMemberOfTheUnitAllowedAndOthersHaveNoGrant() {
        Response team = api.post("/api/v1/grants", manager, RoleAccessTest.teamGrant(
                world.a().residentId().toString(), world.a().id().toString()));
        assertThat(team.status()).isEqualTo(201);
        assertThat(decide(world.a().staffId(), world.a().lockId(), INSIDE).get("grantId").asText())
                .isEqualTo(team.body().get("id").asText());
        assertThat(decide(world.b().staffId(), world.a().lockId(), INSIDE).get("reason").asText()).isEqualTo("NO_GRANT");
    }

    @Test
    void decideWhenOneOffEndedThenExpired() {
        Instant from = Instant.now().plusSeconds(3600);
        Map<String, Object> body = new HashMap<>(Map.of("residentId", world.a().residentId(), "staffMemberId", world.a().staffId(),
                "kind", "ONE_OFF", "validFrom", from.toString(), "validUntil", from.plusSeconds(7200).toString(),
                "purpose", "Substitute"));
        assertThat(api.post("/api/v1/grants", manager, body).status()).isEqualTo(201);
        assertThat(decide(world.a().staffId(), world.a().lockId(), from.plusSeconds(60)).get("allowed").asBoolean()).isTrue();
        JsonNode atEnd = decide(world.a().staffId(), world.a().lockId(), from.plusSeconds(7200));
        assertThat(atEnd.get("reason").asText()).as(atEnd.toString() + " " + from).isEqualTo("EXPIRED");
        assertThat(decide(world.a().staffId(), world.a().lockId(), from.minusSeconds(1)).get("reason").asText()).isEqualTo("NOT_YET_VALID");
    }

    @Test
    void decideWhenPlannedVisitThenOpenWithinToleranceOnly() {
        Instant visit = Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Response created = api.post("/api/v1/grants", manager, Map.of("residentId", world.a().residentId(),
                "staffMemberId", world.a().staffId(), "kind", "PLANNED_VISIT", "visitAt", visit.toString(),
                "toleranceMinutes", 15, "purpose", "Medication"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(decide(world.a().staffId(), world.a().lockId(), visit.minusSeconds(15 * 60)).get("allowed").asBoolean()).isTrue();
        assertThat(decide(world.a().staffId(), world.a().lockId(), visit.plusSeconds(15 * 60 - 1)).get("allowed").asBoolean()).isTrue();
        assertThat(decide(world.a().staffId(), world.a().lockId(), visit.plusSeconds(15 * 60)).get("reason").asText()).isEqualTo("EXPIRED");
        assertThat(decide(world.a().staffId(), world.a().lockId(), visit.minusSeconds(15 * 60 + 1)).get("reason").asText())
                .isEqualTo("NOT_YET_VALID");
    }

    @Test
    void decideWhenEmergencyOnlyTeamGrantThenNoOrdinaryOpeningAtAnyHourUntilItEnds() {
        Instant until = Instant.now().plusSeconds(30 * 86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Response created = api.post("/api/v1/grants", admin, Map.of("residentId", world.a().residentId(),
                "careUnitId", world.b().id(), "kind", "EMERGENCY_ONLY", "validUntil", until.toString(),
                "purpose", "Safety alarm response"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("kind").asText()).isEqualTo("EMERGENCY_ONLY");
        assertThat(created.body().get("windows")).isEmpty();
        assertThat(records("GRANT_CREATED", created.body().get("id").asText()).get(0).event().attributes())
                .containsEntry("kind", "EMERGENCY_ONLY");

        for (Instant at : List.of(Instant.now().plusSeconds(60), Instant.now().plusSeconds(3 * 86_400 + 5 * 3600), until.minusSeconds(1))) {
            assertThat(decide(world.b().staffId(), world.a().lockId(), at).get("reason").asText()).as(at.toString())
                    .isEqualTo("EMERGENCY_ONLY");
        }
        assertThat(decide(world.b().staffId(), world.a().lockId(), until).get("reason").asText()).isEqualTo("EXPIRED");
        assertThat(decide(world.a().staffId(), world.a().lockId(), Instant.now().plusSeconds(60)).get("reason").asText())
                .as("the grant is the alarm team's, not the resident's home unit's").isEqualTo("NO_GRANT");

        Map<String, Object> withWindows = new HashMap<>(personalGrantBody());
        withWindows.put("kind", "EMERGENCY_ONLY");
        assertField(api.post("/api/v1/grants", manager, withWindows), "windows");
    }

    @Test
    void grantWhenInvalidThen400NamingTheFieldAndNothingWritten() {
        long before = trail.size();
        Map<String, Object> noPurpose = new HashMap<>(personalGrantBody());
        noPurpose.remove("purpose");
        assertField(api.post("/api/v1/grants", manager, noPurpose), "purpose");

        Map<String, Object> badDay = new HashMap<>(personalGrantBody());
        badDay.put("windows", List.of(Map.of("days", List.of("FUNDAY"), "start", "07:00", "end", "07:45")));
        assertField(api.post("/api/v1/grants", manager, badDay), "windows[0].days[0]");

        Map<String, Object> both = new HashMap<>(personalGrantBody());
        both.put("careUnitId", world.a().id());
        assertField(api.post("/api/v1/grants", manager, both), "staffMemberId");

        assertField(api.post("/api/v1/grants", manager, Map.of("residentId", world.a().residentId(),
                "staffMemberId", world.a().staffId(), "kind", "PLANNED_VISIT", "toleranceMinutes", 15, "purpose", "x")), "visitAt");
        assertField(api.post("/api/v1/grants", manager, Map.of("residentId", world.a().residentId(),
                "staffMemberId", world.a().staffId(), "kind", "RECURRING", "purpose", "x")), "windows");
        assertField(api.post("/api/v1/grants", manager, "{\"residentId\": \"not-a-uuid\"}"), "residentId");

        Map<String, Object> nul = new HashMap<>(personalGrantBody());
        nul.put("purpose", "Morning\u0000visit");
        assertField(api.post("/api/v1/grants", manager, nul), "purpose");

        Response unreadable = api.post("/api/v1/grants", manager, "{not json");
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.isProblem()).isTrue();
        assertThat(trail.size()).isEqualTo(before);
        assertThat(api.get("/api/v1/grants?residentId=" + world.a().residentId(), manager).body()).isEmpty();
    }

    @Test
    void unknownIdsThen404Problem() {
        Map<String, Object> body = new HashMap<>(personalGrantBody());
        body.put("residentId", UUID.randomUUID());
        Response unknownResident = api.post("/api/v1/grants", manager, body);
        assertThat(unknownResident.status()).isEqualTo(404);
        assertThat(unknownResident.isProblem()).isTrue();
        assertThat(api.get("/api/v1/grants/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/staff/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/locks/" + UUID.randomUUID(), manager).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/grants/" + UUID.randomUUID() + "/revoke", manager, Map.of("reason", "x")).status())
                .isEqualTo(404);
    }

    @Test
    void updateWhenStaleVersionThen409ConcurrentEdit() {
        Response first = api.put("/api/v1/staff/" + world.a().staffId(), manager, Map.of("displayName", "Anna A", "version", 0));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("version").asLong()).isEqualTo(1);
        Response stale = api.put("/api/v1/staff/" + world.a().staffId(), manager, Map.of("displayName", "Anna B", "version", 0));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("code").asText()).isEqualTo("CONCURRENT_EDIT");
        assertThat(api.get("/api/v1/staff/" + world.a().staffId(), manager).body().get("displayName").asText()).isEqualTo("Anna A");

        Response staleLock = api.post("/api/v1/locks/" + world.a().lockId() + "/decommission", manager, Map.of("version", 0));
        assertThat(staleLock.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/locks/" + world.a().lockId(), manager).body().get("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void concurrentRevocationsThenExactlyOneSucceeds() throws Exception {
        String grantId = personalGrant().get("id").asText();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> api.post("/api/v1/grants/" + grantId + "/revoke", manager,
                        Map.of("reason", "race")).status()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var r : results) {
                statuses.add(r.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        } finally {
            pool.shutdown();
        }
        assertThat(records("GRANT_REVOKED", grantId)).hasSize(1);
    }

    private JsonNode personalGrant() {
        Response created = api.post("/api/v1/grants", manager, personalGrantBody());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    private Map<String, Object> personalGrantBody() {
        return Map.of("residentId", world.a().residentId(), "staffMemberId", world.a().staffId(), "kind", "RECURRING",
                "windows", List.of(Map.of("days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"),
                        "start", "07:00", "end", "07:45")),
                "purpose", "Morning visit");
    }

    private JsonNode decide(UUID staff, UUID lock, Instant at) {
        Response decision = api.get("/api/v1/decisions?staffMemberId=" + staff + "&lockId=" + lock + "&at=" + at, admin);
        assertThat(decision.status()).as(decision.raw()).isEqualTo(200);
        return decision.body();
    }

    private List<AuditRecord> records(String type, String subjectId) {
        return trail.find(new AuditTrail.Query(type, null, subjectId, null, null, null, -1, 1000));
    }

    private static void assertField(Response response, String field) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.body().get("errors").findValuesAsText("field")).as(response.raw()).contains(field);
    }
}
