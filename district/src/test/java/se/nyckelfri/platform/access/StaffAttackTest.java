package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * A staff member (or whoever holds their phone) as the attacker: trying doors they have no grant to, in parallel or by
 * relocking, is refused after the denial limit and every refusal is recorded; an emergency's alarm reference cannot
 * smuggle a name or a personal identity number into the permanent log.
 */
class StaffAttackTest extends PlatformIntegrationTest {

    private static final int LIMIT = 5;

    @Autowired
    AuditTrail trail;
    @Autowired
    Accounts accounts;
    World world;
    String staff;
    String pseudonym;

    @BeforeEach
    void world() {
        world = worlds.create();
        staff = tokens.forSubject(world.a().staff());
        pseudonym = accounts.find(world.a().staff()).orElseThrow().pseudonym();
    }

    @Test
    void unlockWhenFortyRefusedAttemptsRaceThenAtMostTheLimitAreDenialsAndEveryOneIsRecorded() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> api.postWithHeader("/api/v1/unlocks", staff, "Idempotency-Key",
                        "race-" + UUID.randomUUID(), Map.of("lockId", world.b().lockId()))));
            }
            int denied = 0;
            int limited = 0;
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                assertThat(r.isProblem()).as(r.raw()).isTrue();
                if (r.status() == 403) {
                    denied++;
                } else {
                    assertThat(r.status()).as(r.raw()).isEqualTo(429);
                    limited++;
                }
            }
            assertThat(denied).isLessThanOrEqualTo(LIMIT);
            assertThat(denied + limited).isEqualTo(40);
            assertThat(recorded("UNLOCK_DENIED")).isEqualTo(denied);
            assertThat(recorded("UNLOCK_RATE_LIMITED")).isEqualTo(limited);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void relockWhenRefusedThenCountsTowardTheLimitAndIsThenRateLimited() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < LIMIT + 3; i++) {
            statuses.add(api.post("/api/v1/relocks", staff, Map.of("lockId", world.b().lockId())).status());
        }
        assertThat(statuses.subList(0, LIMIT)).containsOnly(403);
        assertThat(statuses.subList(LIMIT, LIMIT + 3)).containsOnly(429);
        Response unlock = api.postWithHeader("/api/v1/unlocks", staff, "Idempotency-Key", "after-" + UUID.randomUUID(),
                Map.of("lockId", world.b().lockId()));
        assertThat(unlock.status()).as("blocked for unlocks as well").isEqualTo(429);
        assertThat(unlock.body().get("retryAfterSeconds").asLong()).isPositive();
        assertThat(recorded("RELOCK_DENIED")).isEqualTo(LIMIT);
        assertThat(recorded("UNLOCK_RATE_LIMITED")).isEqualTo(4);
    }

    @Test
    void emergencyWhenAlarmReferenceHoldsANameOrPersonalIdentityNumberThenRefusedAndNothingRecorded() {
        for (String bad : List.of("Kalle-Anka-19121212-1212", "KALLE-4711", "LARM-19121212-1212", "191212121212",
                "LARM-1212121212", "Gun", "LARM-4711\u0000", "4711 ")) {
            Response r = api.postWithHeader("/api/v1/emergency-unlocks", staff, "Idempotency-Key", "em-" + UUID.randomUUID(),
                    Map.of("lockId", world.a().lockId(), "cause", "ALARM", "alarmReference", bad));
            assertThat(r.status()).as(bad + ": " + r.raw()).isEqualTo(400);
            assertThat(r.body().get("errors").findValuesAsText("field")).as(bad).contains("alarmReference");
            assertThat(r.raw()).doesNotContain("19121212");
        }
        assertThat(recorded("EMERGENCY_ACCESS")).isZero();
        assertThat(recorded("EMERGENCY_UNLOCK_DENIED")).isZero();

        // An alarm centre's event number passes the check (and the policy then decides: no grant here, so denied).
        Response good = api.postWithHeader("/api/v1/emergency-unlocks", staff, "Idempotency-Key", "em-" + UUID.randomUUID(),
                Map.of("lockId", world.a().lockId(), "cause", "ALARM", "alarmReference", "LARM-2026-004711"));
        assertThat(good.status()).as(good.raw()).isEqualTo(403);
        assertThat(recorded("EMERGENCY_UNLOCK_DENIED")).isEqualTo(1);
    }

    private long recorded(String type) {
        auditEntries("true");
        return trail.find(new AuditTrail.Query(type, null, null, pseudonym, null, null, -1, 1000)).size();
    }
}
