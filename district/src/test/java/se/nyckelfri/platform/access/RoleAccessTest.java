package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** Each role's allowed and refused actions, over HTTP with real tokens. */
class RoleAccessTest extends PlatformIntegrationTest {

    @Autowired
    AuditTrail trail;
    World world;

    @BeforeEach
    void world() {
        world = worlds.create();
    }

    @Test
    void staffWhenOwnProfileThenAllowedAndManagerApiRefused() {
        String staff = tokens.forSubject(world.a().staff());
        Response me = api.get("/api/v1/me", staff);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("staffMemberId").asText()).isEqualTo(world.a().staffId().toString());
        assertThat(api.get("/api/v1/organisation", staff).status()).isEqualTo(200);

        assertThat(api.get("/api/v1/residents?careUnitId=" + world.a().id(), staff).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/grants", staff, teamGrant(world.a().residentId().toString(), world.a().id().toString())).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/audit-records", staff).status()).isEqualTo(403);
        assertThat(refusals(world.a().staff())).isNotEmpty();
    }

    @Test
    void managerWhenOwnUnitThenAllowed() {
        String manager = tokens.forSubject(world.a().manager());
        Response residents = api.get("/api/v1/residents?careUnitId=" + world.a().id(), manager);
        assertThat(residents.status()).isEqualTo(200);
        assertThat(residents.body()).hasSize(1);
        assertThat(residents.body().get(0).get("name").asText()).startsWith("Resident A");
        assertThat(residents.body().get(0).get("personalIdentityNumber").asText()).endsWith("-****");
        assertThat(api.get("/api/v1/staff?careUnitId=" + world.a().id(), manager).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/grants", manager, teamGrant(world.a().residentId().toString(), world.a().id().toString())).status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/staff", manager, Map.of("careUnitId", world.a().id(), "displayName", "New Person")).status())
                .isEqualTo(201);
    }

    @Test
    void managerWhenOtherUnitThenRefusedWith403AndRecorded() {
        String manager = tokens.forSubject(world.a().manager());
        Response list = api.get("/api/v1/residents?careUnitId=" + world.b().id(), manager);
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.isProblem()).isTrue();
        assertThat(list.body().get("type").asText()).endsWith("/out-of-scope");
        assertThat(api.get("/api/v1/residents/" + world.b().residentId(), manager).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/locks/" + world.b().lockId(), manager).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/grants", manager, teamGrant(world.b().residentId().toString(), world.a().id().toString())).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/staff/" + world.b().staffId() + "/end-employment", manager, Map.of("version", 0)).status())
                .isEqualTo(403);

        List<AuditRecord> refusals = refusals(world.a().manager());
        assertThat(refusals).hasSize(5);
        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.event().outcome()).isEqualTo("REFUSED");
            assertThat(r.event().reason()).isEqualTo("OUT_OF_SCOPE");
        });
        assertThat(refusals).anySatisfy(r -> assertThat(r.event().subjectId()).isEqualTo(world.b().residentId().toString()));
        // Nothing was changed: unit B's staff member is still employed and B's resident has no grants.
        assertThat(api.get("/api/v1/staff/" + world.b().staffId(), tokens.forSubject(world.b().manager()))
                .body().get("employmentStatus").asText()).isEqualTo("ACTIVE");
        assertThat(api.get("/api/v1/grants?residentId=" + world.b().residentId(), tokens.forSubject(world.b().manager()))
                .body()).isEmpty();
    }

    @Test
    void managerWhenAdminActionThenRefused() {
        String manager = tokens.forSubject(world.a().manager());
        assertThat(api.post("/api/v1/care-units", manager, Map.of("careProviderId", world.a().id(), "name", "X")).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/audit-records", manager).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/me", manager).status()).isEqualTo(403);
    }

    @Test
    void auditorWhenReadingThenAllowedEverywhereAndWhenWritingThenRefused() {
        String auditor = tokens.forSubject(world.auditor());
        assertThat(api.get("/api/v1/residents?careUnitId=" + world.a().id(), auditor).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/residents?careUnitId=" + world.b().id(), auditor).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/grants?residentId=" + world.b().residentId(), auditor).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/locks/" + world.b().lockId(), auditor).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/grants", auditor, teamGrant(world.a().residentId().toString(), world.a().id().toString())).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/residents/" + world.a().residentId() + "/consents/" + world.a().consentId() + "/withdraw",
                auditor, Map.of("reason", "x", "version", 0)).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/locks/" + world.a().lockId() + "/decommission", auditor, Map.of("version", 1)).status())
                .isEqualTo(403);
        assertThat(refusals(world.auditor())).hasSize(3);
    }

    @Test
    void auditorWhenSearchingAuditLogThenAnsweredAndTheSearchIsRecorded() {
        String auditor = tokens.forSubject(world.auditor());
        Response page = api.get("/api/v1/audit-records?type=CONSENT_RECORDED&limit=5", auditor);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("records")).isNotEmpty();
        List<AuditRecord> reads = trail.find(new AuditTrail.Query("AUDIT_READ", null, null, null, null, null, -1, 1000))
                .stream().filter(r -> r.event().attributes().getOrDefault("type", "").equals("CONSENT_RECORDED")).toList();
        assertThat(reads).isNotEmpty();

        Response tooMany = api.get("/api/v1/audit-records?limit=5000", auditor);
        assertThat(tooMany.status()).as(tooMany.raw()).isEqualTo(400);
        assertThat(tooMany.body().get("errors").findValuesAsText("field")).contains("limit");
    }

    @Test
    void adminWhenOrganisationChangeThenAllowed() {
        String admin = tokens.forSubject(world.admin());
        Response org = api.get("/api/v1/organisation", admin);
        String providerId = org.body().findValues("careProviders").stream()
                .flatMap(p -> java.util.stream.StreamSupport.stream(p.spliterator(), false))
                .filter(p -> p.get("careUnits").findValuesAsText("id").contains(world.a().id().toString()))
                .findFirst().orElseThrow().get("id").asText();
        Response unit = api.post("/api/v1/care-units", admin, Map.of("careProviderId", providerId, "name", "Nattpatrullen"));
        assertThat(unit.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/residents?careUnitId=" + world.b().id(), admin).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/grants", admin, teamGrant(world.b().residentId().toString(), world.b().id().toString())).status())
                .isEqualTo(201);
    }

    @Test
    void adminWhenCreatingAccountsThenAllowedAndValidatedAndOthersRefused() {
        String admin = tokens.forSubject(world.admin());
        String subject = "ext-" + java.util.UUID.randomUUID();
        Response created = api.post("/api/v1/accounts", admin, Map.of("subject", subject, "role", "MANAGER",
                "careUnitIds", List.of(world.b().id())));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(api.get("/api/v1/residents?careUnitId=" + world.b().id(), tokens.forSubject(subject)).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/residents?careUnitId=" + world.a().id(), tokens.forSubject(subject)).status()).isEqualTo(403);

        Response staffWithoutMember = api.post("/api/v1/accounts", admin, Map.of("subject", subject + "-2", "role", "STAFF"));
        assertThat(staffWithoutMember.status()).isEqualTo(400);
        assertThat(staffWithoutMember.body().get("errors").findValuesAsText("field")).contains("staffMemberId");
        assertThat(api.post("/api/v1/accounts", admin, Map.of("subject", subject, "role", "AUDITOR")).status())
                .as("subject already has an account").isEqualTo(409);
        assertThat(api.post("/api/v1/accounts", tokens.forSubject(world.a().manager()), Map.of("subject", subject + "-3",
                "role", "ADMIN")).status()).isEqualTo(403);
    }

    private List<AuditRecord> refusals(String subject) {
        String pseudonym = tokensActorPseudonym(subject);
        return trail.find(new AuditTrail.Query("ACCESS_REFUSED", null, null, pseudonym, null, null, -1, 1000));
    }

    @Autowired
    se.nyckelfri.access.actor.Accounts accounts;

    private String tokensActorPseudonym(String subject) {
        return accounts.find(subject).orElseThrow().pseudonym();
    }

    static Map<String, Object> teamGrant(String residentId, String careUnitId) {
        return Map.of("residentId", residentId, "careUnitId", careUnitId, "kind", "RECURRING",
                "windows", List.of(Map.of("days", List.of("MONDAY", "TUESDAY"), "start", "07:00", "end", "07:45")),
                "purpose", "Morning visit");
    }
}
