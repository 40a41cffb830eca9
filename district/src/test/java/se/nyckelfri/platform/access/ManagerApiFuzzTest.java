package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * Mutated request bodies against the manager API: whatever arrives, the answer is a client error as
 * problem+json or a success — never a server error — and a refused request writes nothing.
 */
class ManagerApiFuzzTest extends PlatformIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    se.nyckelfri.audit.AuditTrail trail;

    private static final long SEED = Long.getLong("fuzz.seed", 20261124L);
    private static final int ROUNDS = 400;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void mutatedBodiesWhenPostedThenNeverServerErrorAndRefusalsWriteNothing() {
        World world = worlds.create();
        String manager = tokens.forSubject(world.a().manager());
        Random random = new Random(SEED);
        List<Supplier<Map<String, Object>>> templates = List.of(
                () -> new HashMap<>(Map.of("residentId", world.a().residentId(), "staffMemberId", world.a().staffId(),
                        "kind", "RECURRING", "windows", List.of(Map.of("days", List.of("MONDAY"), "start", "07:00",
                                "end", "07:45")), "purpose", "Morning visit")),
                () -> new HashMap<>(Map.of("name", "Test Person", "personalIdentityNumber", "19121212-1212",
                        "careUnitIds", List.of(world.a().id()))),
                () -> new HashMap<>(Map.of("givenBy", "RESIDENT", "givenOn", "2026-01-01")),
                () -> new HashMap<>(Map.of("kind", "FLAT", "label", "Gatan 1", "residentIds", List.of(world.a().residentId()))));
        List<String> paths = List.of("/api/v1/grants", "/api/v1/residents",
                "/api/v1/residents/" + world.a().residentId() + "/consents", "/api/v1/doors");
        List<Integer> statuses = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            int which = random.nextInt(templates.size());
            Map<String, Object> body = templates.get(which).get();
            mutate(body, random, world);
            long before = auditRecords();
            Response response = api.post(paths.get(which), manager, random.nextInt(20) == 0 ? garbage(random) : body);
            statuses.add(response.status());
            assertThat(response.status()).as("seed %d round %d body %s -> %s", SEED, round, body, response.raw())
                    .isIn(200, 201, 400, 403, 404, 409);
            if (response.status() >= 400) {
                assertThat(response.isProblem()).as(response.raw()).isTrue();
                long after = auditRecords();
                long refusals = response.status() == 403 ? 1 : 0;
                assertThat(after - before).as("a refused request writes nothing but its refusal: %s", body).isEqualTo(refusals);
            }
        }
        assertThat(statuses).as("the mutations also produce valid requests").contains(201);
        assertThat(statuses).contains(400);
    }

    private long auditRecords() {
        return trail.size();
    }

    private static void mutate(Map<String, Object> body, Random random, World world) {
        List<String> keys = new ArrayList<>(body.keySet());
        int mutations = random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(11)) {
                case 10 -> body.put(key, "text with a \u0000 NUL");
                case 0 -> body.remove(key);
                case 1 -> body.put(key, null);
                case 2 -> body.put(key, random.nextInt());
                case 3 -> body.put(key, random.nextBoolean());
                case 4 -> body.put(key, List.of("x", 1, Map.of()));
                case 5 -> body.put(key, Map.of("nested", Map.of("deeper", List.of())));
                case 6 -> body.put(key, "x".repeat(random.nextInt(20_000)));
                case 7 -> body.put(key, UUID.randomUUID().toString());
                case 8 -> body.put(key, List.of(UUID.randomUUID(), world.b().id(), world.b().residentId()).get(random.nextInt(3)));
                default -> body.put("unexpected" + random.nextInt(5), "\u0000\uD83D\uDD12 ' \" ; DROP TABLE grant; --");
            }
        }
        if (random.nextInt(8) == 0) {
            body.put("kind", List.of("ONE_OFF", "PLANNED_VISIT", "RECURRING", "NIGHTLY").get(random.nextInt(4)));
            body.put("validFrom", List.of("2027-01-01T10:00:00Z", "yesterday", "2020-01-01T00:00:00Z").get(random.nextInt(3)));
            body.put("validUntil", List.of("2027-01-01T12:00:00Z", "2026-12-31T00:00:00Z", "9999-99-99").get(random.nextInt(3)));
            body.put("visitAt", "2027-01-02T09:00:00Z");
            body.put("toleranceMinutes", List.of(0, 15, 241, -5).get(random.nextInt(4)));
        }
        if (random.nextInt(10) == 0) {
            body.put("windows", List.of(Map.of("days", Set.of("SUNDAY"), "start", "25:00", "end", "07:00")));
        }
    }

    private static String garbage(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
