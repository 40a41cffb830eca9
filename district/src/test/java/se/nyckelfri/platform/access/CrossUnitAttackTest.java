package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.system.Pseudonyms;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * Another unit's manager as the attacker: knowing a resident's personal identity number must not let them find,
 * attach to, read or grant access to a resident their units do not serve; they may only ask to serve, and a unit
 * already serving the resident (or an administrator) decides. A gateway's address is read only within scope.
 */
class CrossUnitAttackTest extends PlatformIntegrationTest {

    @Autowired
    AuditTrail trail;
    @Autowired
    Accounts accounts;
    World world;
    String managerA;
    String managerB;

    @BeforeEach
    void world() {
        world = worlds.create();
        managerA = tokens.forSubject(world.a().manager());
        managerB = tokens.forSubject(world.b().manager());
    }

    @Test
    void searchWhenResidentOutsideCallersUnitsThenNeitherIdNorPseudonymIsRevealed() {
        String number = TestWorlds.nextNumber().digits();
        String residentId = register(managerA, number, world.a().id().toString());

        Response own = api.post("/api/v1/residents/search", managerA, Map.of("personalIdentityNumber", number));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().get("id").asText()).isEqualTo(residentId);
        assertThat(own.body().get("servedByYourUnits").asBoolean()).isTrue();

        Response other = api.post("/api/v1/residents/search", managerB, Map.of("personalIdentityNumber", number));
        assertThat(other.status()).as(other.raw()).isEqualTo(200);
        assertThat(other.raw()).doesNotContain(residentId);
        assertThat(other.body().path("id").isMissingNode() || other.body().path("id").isNull()).isTrue();
        assertThat(other.body().path("pseudonym").isMissingNode() || other.body().path("pseudonym").isNull()).isTrue();
        assertThat(other.body().get("servedByYourUnits").asBoolean()).isFalse();

        Response unknown = api.post("/api/v1/residents/search", managerB,
                Map.of("personalIdentityNumber", TestWorlds.nextNumber().digits()));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();
    }

    @Test
    void attachWhenOtherUnitsManagerAddsOwnUnitThenRefusedRecordedAndNothingReadable() {
        String victim = world.a().residentId().toString();
        Response attach = api.post("/api/v1/residents/" + victim + "/care-units", managerB,
                Map.of("careUnitId", world.b().id()));
        assertThat(attach.status()).as(attach.raw()).isEqualTo(403);
        assertThat(attach.isProblem()).isTrue();
        assertThat(refusals(world.b().manager(), "SERVE_RESIDENT")).hasSize(1);

        // The takeover's next steps all fail: the resident is not B's.
        assertThat(api.get("/api/v1/residents/" + victim, managerB).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/residents/" + victim + "/consents", managerB).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/grants", managerB, RoleAccessTest.teamGrant(victim, world.b().id().toString())).status())
                .isEqualTo(403);
        Response stillA = api.get("/api/v1/residents/" + victim, managerA);
        assertThat(stillA.body().get("careUnitIds")).hasSize(1);
        assertThat(stillA.body().get("careUnitIds").get(0).asText()).isEqualTo(world.a().id().toString());
    }

    @Test
    void serviceRequestWhenApprovedByServingUnitThenRequesterServesTheResident() {
        String number = TestWorlds.nextNumber().digits();
        String residentId = register(managerA, number, world.a().id().toString());
        api.post("/api/v1/residents/" + residentId + "/consents", managerA, Map.of("givenBy", "RESIDENT", "givenOn", "2026-01-01"));

        Response request = api.post("/api/v1/service-requests", managerB,
                Map.of("personalIdentityNumber", number, "careUnitId", world.b().id()));
        assertThat(request.status()).as(request.raw()).isEqualTo(201);
        assertThat(request.body().get("status").asText()).isEqualTo("PENDING");
        assertThat(request.raw()).doesNotContain(residentId);
        String requestId = request.body().get("id").asText();
        assertThat(api.post("/api/v1/service-requests", managerB,
                Map.of("personalIdentityNumber", number, "careUnitId", world.b().id())).status())
                .as("one pending request per resident and unit").isEqualTo(409);
        // Before the decision B still sees nothing.
        assertThat(api.get("/api/v1/residents/" + residentId, managerB).status()).isEqualTo(403);

        // B cannot approve its own request; A sees it among its incoming requests, with its own resident.
        Response selfApproval = api.post("/api/v1/service-requests/" + requestId + "/approve", managerB,
                Map.of("consentCoversProvider", true));
        assertThat(selfApproval.status()).isEqualTo(403);
        assertThat(refusals(world.b().manager(), "APPROVE_SERVICE_REQUEST")).hasSize(1);
        Response incoming = api.get("/api/v1/service-requests?careUnitId=" + world.a().id(), managerA);
        assertThat(incoming.status()).as(incoming.raw()).isEqualTo(200);
        assertThat(incoming.body().findValuesAsText("id")).contains(requestId);
        Response outgoing = api.get("/api/v1/service-requests?careUnitId=" + world.b().id(), managerB);
        assertThat(outgoing.body().findValuesAsText("id")).contains(requestId);
        assertThat(outgoing.raw()).doesNotContain(residentId);

        Response withoutConsentWord = api.post("/api/v1/service-requests/" + requestId + "/approve", managerA, Map.of());
        assertThat(withoutConsentWord.status()).isEqualTo(400);
        Response approved = api.post("/api/v1/service-requests/" + requestId + "/approve", managerA,
                Map.of("consentCoversProvider", true));
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        assertThat(approved.body().get("status").asText()).isEqualTo("APPROVED");
        assertThat(api.post("/api/v1/service-requests/" + requestId + "/approve", managerA,
                Map.of("consentCoversProvider", true)).status()).as("decided once").isEqualTo(409);

        Response nowB = api.get("/api/v1/residents/" + residentId, managerB);
        assertThat(nowB.status()).isEqualTo(200);
        assertThat(nowB.body().get("careUnitIds")).hasSize(2);
        assertThat(api.post("/api/v1/residents/search", managerB, Map.of("personalIdentityNumber", number))
                .body().get("id").asText()).isEqualTo(residentId);
        assertThat(auditEntries("type = 'SERVICE_REQUESTED'")).isPositive();
        assertThat(auditEntries("type = 'SERVICE_REQUEST_APPROVED'")).isPositive();
    }

    @Test
    void serviceRequestWhenDeclinedThenNothingChangesAndUnknownNumberIs404() {
        String number = TestWorlds.nextNumber().digits();
        String residentId = register(managerA, number, world.a().id().toString());
        String requestId = api.post("/api/v1/service-requests", managerB,
                Map.of("personalIdentityNumber", number, "careUnitId", world.b().id())).body().get("id").asText();
        Response declined = api.post("/api/v1/service-requests/" + requestId + "/decline", managerA,
                Map.of("reason", "Not our customer's choice"));
        assertThat(declined.status()).as(declined.raw()).isEqualTo(200);
        assertThat(declined.body().get("status").asText()).isEqualTo("DECLINED");
        assertThat(api.get("/api/v1/residents/" + residentId, managerB).status()).isEqualTo(403);

        assertThat(api.post("/api/v1/service-requests", managerB, Map.of("personalIdentityNumber",
                TestWorlds.nextNumber().digits(), "careUnitId", world.b().id())).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/service-requests", managerB, Map.of("personalIdentityNumber", number,
                "careUnitId", world.a().id())).status()).as("only for one's own unit").isEqualTo(403);
    }

    @Test
    void attachWhenCoordinatorOfBothUnitsOrAdminThenAllowed() {
        String admin = tokens.forSubject(world.admin());
        Response byAdmin = api.post("/api/v1/residents/" + world.a().residentId() + "/care-units", admin,
                Map.of("careUnitId", world.b().id()));
        assertThat(byAdmin.status()).as(byAdmin.raw()).isEqualTo(200);
        assertThat(byAdmin.body().get("careUnitIds")).hasSize(2);
    }

    @Test
    void attachWhenManagerAdministersBothUnitsThenAllowedAndRecorded() {
        String both = "manager-both-" + world.a().id();
        accounts.create(both, Pseudonyms.next('U'), Role.MANAGER,
                null, Set.of(world.a().id(), world.b().id()));
        Response attach = api.post("/api/v1/residents/" + world.a().residentId() + "/care-units", tokens.forSubject(both),
                Map.of("careUnitId", world.b().id()));
        assertThat(attach.status()).as(attach.raw()).isEqualTo(200);
        assertThat(attach.body().get("careUnitIds")).hasSize(2);
        assertThat(api.get("/api/v1/residents/" + world.a().residentId(), managerB).status())
                .as("B's own manager now serves the resident too").isEqualTo(200);
    }

    @Test
    void serviceRequestWhenApprovedByAnAdministratorThenRequesterServesTheResident() {
        String number = TestWorlds.nextNumber().digits();
        String residentId = register(managerA, number, world.a().id().toString());
        api.post("/api/v1/residents/" + residentId + "/consents", managerA, Map.of("givenBy", "RESIDENT", "givenOn", "2026-01-01"));
        String requestId = api.post("/api/v1/service-requests", managerB,
                Map.of("personalIdentityNumber", number, "careUnitId", world.b().id())).body().get("id").asText();

        Response approved = api.post("/api/v1/service-requests/" + requestId + "/approve", tokens.forSubject(world.admin()),
                Map.of("consentCoversProvider", true));
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        assertThat(approved.body().get("status").asText()).isEqualTo("APPROVED");
        assertThat(api.get("/api/v1/residents/" + residentId, managerB).status()).isEqualTo(200);
    }

    @Test
    void serviceRequestWhenTheResidentHasNoConsentThenApprovalRefusedWith409AndNothingChanges() {
        String number = TestWorlds.nextNumber().digits();
        String residentId = register(managerA, number, world.a().id().toString());
        String requestId = api.post("/api/v1/service-requests", managerB,
                Map.of("personalIdentityNumber", number, "careUnitId", world.b().id())).body().get("id").asText();

        Response refused = api.post("/api/v1/service-requests/" + requestId + "/approve", managerA,
                Map.of("consentCoversProvider", true));
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.body().get("code").asText()).isEqualTo("NO_CONSENT");
        assertThat(api.get("/api/v1/residents/" + residentId, managerB).status()).isEqualTo(403);
        Response stillA = api.get("/api/v1/residents/" + residentId, managerA);
        assertThat(stillA.body().get("careUnitIds")).hasSize(1);
    }

    @Test
    void gatewayWhenReadFromAnotherUnitThenRefusedAndRecorded() {
        String admin = tokens.forSubject(world.admin());
        Response gateway = api.post("/api/v1/gateways", managerA,
                Map.of("serial", "GW-X-" + world.a().id(), "location", "Hemliga gatan 1", "careUnitId", world.a().id()));
        assertThat(gateway.status()).as(gateway.raw()).isEqualTo(201);
        String id = gateway.body().get("id").asText();

        assertThat(api.get("/api/v1/gateways/" + id, managerA).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/gateways/" + id, admin).status()).isEqualTo(200);
        Response other = api.get("/api/v1/gateways/" + id, managerB);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.raw()).doesNotContain("Hemliga");
        assertThat(refusals(world.b().manager(), "READ")).anySatisfy(r -> assertThat(r.event().subjectKind()).isEqualTo("gateway"));

        // Nor may B hang its own lock on A's gateway, or register a gateway for A's unit.
        Response lock = api.post("/api/v1/locks", managerB, Map.of("doorId", world.b().doorId(), "vendor", "test",
                "vendorLockId", "T-steal-" + id, "publicKey", java.util.Base64.getEncoder().encodeToString(TestWorlds.p256PublicKey()),
                "gatewayId", id));
        assertThat(lock.status()).as(lock.raw()).isEqualTo(403);
        assertThat(api.post("/api/v1/gateways", managerB, Map.of("serial", "GW-Y-" + world.a().id(), "location", "x",
                "careUnitId", world.a().id())).status()).isEqualTo(403);
    }

    @Test
    void renameWhenManagerRenamesResidentThenRecordedWithoutTheName() {
        String id = world.a().residentId().toString();
        long version = api.get("/api/v1/residents/" + id, managerA).body().get("version").asLong();
        Response renamed = api.put("/api/v1/residents/" + id, managerA, Map.of("name", "Nytt Namnsson", "version", version));
        assertThat(renamed.status()).as(renamed.raw()).isEqualTo(200);
        List<AuditRecord> entries = trail.find(new AuditTrail.Query("RESIDENT_RENAMED", null, null,
                accounts.find(world.a().manager()).orElseThrow().pseudonym(), null, null, -1, 10));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).event().toString()).doesNotContain("Nytt");
        assertThat(api.put("/api/v1/residents/" + id, managerB, Map.of("name", "Kapad", "version", version + 1)).status())
                .isEqualTo(403);
    }

    private String register(String token, String number, String unit) {
        Response r = api.post("/api/v1/residents", token, Map.of("name", "Sökt Person", "personalIdentityNumber", number,
                "careUnitIds", List.of(unit)));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body().get("id").asText();
    }

    private List<AuditRecord> refusals(String subject, String action) {
        String pseudonym = accounts.find(subject).orElseThrow().pseudonym();
        auditEntries("true");
        return trail.find(new AuditTrail.Query("ACCESS_REFUSED", null, null, pseudonym, null, null, -1, 1000)).stream()
                .filter(r -> action.equals(r.event().attributes().get("action"))).toList();
    }
}
