package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * Deviations from the outside, as each role would try them: a staff member reports only about a door they visit
 * (another unit's door is not there for them), with a receipt only if the lock signed it; another unit's manager can
 * neither read nor handle it (refused and recorded); an auditor reads and cannot handle; the steps run in order only.
 */
class DeviationApiTest extends PlatformIntegrationTest {

    private static final Actor ADMIN = new Actor("test-admin", "U-DEV", Role.ADMIN, Set.of(), null);

    @Autowired
    GrantService grants;
    @Autowired
    JdbcTemplate jdbc;
    World world;
    String staff;

    @BeforeEach
    void aVisitNow() {
        world = worlds.create();
        grants.grant(ADMIN, TestGrants.once(Instant.now().minusSeconds(60), Duration.ofHours(2)).to(world.a()).purpose("Besök").request());
        staff = tokens.forSubject(world.a().staff());
    }

    @Test
    void reportWhenAnotherUnitsDoorOrAForgedReceiptOrBadInputThenRefusedAndNothingStored() {
        Response otherDoor = api.post("/api/v1/me/deviations", staff, Map.of("lockId", world.b().lockId(), "cause", "DOOR_DID_NOT_OPEN"));
        assertThat(otherDoor.status()).as(otherDoor.raw()).isEqualTo(404);
        Response forged = api.post("/api/v1/me/deviations", staff, Map.of("lockId", world.a().lockId(), "cause", "DOOR_DID_NOT_OPEN",
                "receipt", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[120])));
        assertThat(forged.status()).as(forged.raw()).isEqualTo(400);
        assertThat(forged.body().toString()).contains("receipt");
        Response unknownCause = api.post("/api/v1/me/deviations", staff, Map.of("lockId", world.a().lockId(), "cause", "FREE_TEXT"));
        assertThat(unknownCause.status()).as(unknownCause.raw()).isEqualTo(400);
        Response longNote = api.post("/api/v1/me/deviations", staff, Map.of("lockId", world.a().lockId(), "cause", "OTHER",
                "note", "x".repeat(501)));
        assertThat(longNote.status()).as(longNote.raw()).isEqualTo(400);
        Response badCode = api.post("/api/v1/me/deviations", staff, Map.of("lockId", world.a().lockId(), "cause", "OTHER",
                "errorCode", "<script>"));
        assertThat(badCode.status()).as(badCode.raw()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deviation WHERE staff_member_id = ?", Long.class, world.a().staffId()))
                .isZero();
        Response asManager = api.post("/api/v1/me/deviations", tokens.forSubject(world.a().manager()),
                Map.of("lockId", world.a().lockId(), "cause", "OTHER"));
        assertThat(asManager.status()).as("the staff API is for staff").isEqualTo(403);
    }

    @Test
    void handleWhenAnotherUnitsManagerOrAnAuditorOrOutOfOrderThenRefusedAndTheOwnManagerFollowsItUp() {
        Response reported = api.post("/api/v1/me/deviations", staff, Map.of("lockId", world.a().lockId(), "cause", "LOCK_BATTERY",
                "note", "Batterivarning", "errorCode", "BATTERY_EMPTY"));
        assertThat(reported.status()).as(reported.raw()).isEqualTo(201);
        String id = reported.body().get("id").asText();
        String path = "/api/v1/deviations/" + id;

        Response foreign = api.post(path + "/acknowledge", tokens.forSubject(world.b().manager()), Map.of("version", 0));
        assertThat(foreign.status()).as(foreign.raw()).isEqualTo(403);
        assertThat(auditEntries("type = 'ACCESS_REFUSED' AND subject_kind = 'deviation'")).isPositive();
        assertThat(api.get("/api/v1/deviations", tokens.forSubject(world.b().manager())).body().toString()).doesNotContain(id);
        Response auditor = api.post(path + "/acknowledge", tokens.forSubject(world.auditor()), Map.of("version", 0));
        assertThat(auditor.status()).as(auditor.raw()).isEqualTo(403);
        assertThat(api.get("/api/v1/deviations", tokens.forSubject(world.auditor())).body().toString()).contains(id, "Batterivarning");
        Response staffReads = api.get("/api/v1/deviations", staff);
        assertThat(staffReads.status()).isEqualTo(403);

        String manager = tokens.forSubject(world.a().manager());
        Response closedEarly = api.post(path + "/close", manager, Map.of("version", 0));
        assertThat(closedEarly.status()).as(closedEarly.raw()).isEqualTo(409);
        Response acknowledged = api.post(path + "/acknowledge", manager, Map.of("version", 0));
        assertThat(acknowledged.body().get("status").asText()).as(acknowledged.raw()).isEqualTo("ACKNOWLEDGED");
        Map<String, Object> noAction = new HashMap<>(Map.of("version", acknowledged.body().get("version").asLong()));
        assertThat(api.post(path + "/action", manager, noAction).status()).isEqualTo(400);
        Response actioned = api.post(path + "/action", manager, Map.of("version", acknowledged.body().get("version").asLong(),
                "action", "Batteriet bytt"));
        assertThat(actioned.body().get("status").asText()).as(actioned.raw()).isEqualTo("ACTIONED");
        Response stale = api.post(path + "/close", manager, Map.of("version", 0));
        assertThat(stale.status()).as("a stale version").isEqualTo(409);
        Response closed = api.post(path + "/close", manager, Map.of("version", actioned.body().get("version").asLong()));
        assertThat(closed.body().get("status").asText()).as(closed.raw()).isEqualTo("CLOSED");
        assertThat(closed.body().get("action").asText()).isEqualTo("Batteriet bytt");
    }
}
