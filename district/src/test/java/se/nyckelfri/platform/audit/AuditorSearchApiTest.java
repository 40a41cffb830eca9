package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The auditor's search over the API: by resident with the openings at their door, by person, by door; newest first,
 * a total, paging backwards; the look-up by name, recorded without the name; refused to anyone but auditors.
 */
class AuditorSearchApiTest extends PlatformIntegrationTest {

    @Autowired
    MerkleAuditLog log;
    @Autowired
    Accounts accounts;

    @Test
    void auditorWhenSearchingByResidentPersonOrDoorThenNewestFirstWithTotalsAndPaging() {
        World world = worlds.create();
        String auditor = tokens.forSubject(world.auditor());
        String staff = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        long issued = log.appendDurably(AuditEvent.of("CREDENTIAL_ISSUED", staff).subject("lock", world.a().lockId())
                .attribute("credential", "0a0a0a0a").attribute("staff", staff).build());
        long receipt = log.appendDurably(AuditEvent.of("LOCK_RECEIPT", "lock:" + world.a().lockId()).subject("lock", world.a().lockId())
                .outcome("OPENED", null).attribute("counter", 1).build());

        // The world's own resident by its whole name: other tests' worlds share the database, and a look-up answers
        // at most 20 residents, so "Resident A" alone need not reach this one.
        String suffix = world.a().manager().substring(world.a().manager().lastIndexOf('-') + 1);
        JsonNode people = api.post("/api/v1/audit/people-lookup", auditor, Map.of("name", "resident a " + suffix)).body();
        String resident = null;
        for (JsonNode p : people) {
            if (p.get("name").asText().endsWith(suffix)) {
                resident = p.get("pseudonym").asText();
                assertThat(p.get("kind").asText()).isEqualTo("RESIDENT");
            }
        }
        assertThat(resident).as(people.toString()).isNotNull();
        assertThat(auditEntries("type = 'AUDIT_READ' AND (position(convert_to('resident a " + suffix + "', 'UTF8') in entry) > 0"
                + " OR position(convert_to('Resident A', 'UTF8') in entry) > 0)"))
                .as("the name asked for is never in the log").isZero();

        JsonNode page = api.get("/api/v1/audit/search?resident=" + resident, auditor).body();
        List<Long> indices = indices(page);
        assertThat(indices).as("the door's openings included").contains(receipt, issued);
        assertThat(indices).as("newest first").isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(page.get("total").asLong()).isEqualTo(indices.size());
        assertThat(page.get("locks").toString()).contains(world.a().lockId().toString());

        // By door: its lock's entries, one page at a time, backwards.
        String byDoor = "/api/v1/audit/search?lockOrDoor=" + world.a().doorId();
        List<Long> all = indices(api.get(byDoor, auditor).body());
        assertThat(all).startsWith(receipt, issued);
        JsonNode first = api.get(byDoor + "&limit=1", auditor).body();
        assertThat(indices(first)).containsExactly(receipt);
        JsonNode second = api.get(byDoor + "&limit=1&before=" + first.get("nextBefore").asLong(), auditor).body();
        assertThat(indices(second)).containsExactly(issued);
        assertThat(second.get("total").asLong()).isEqualTo(all.size());

        JsonNode byPerson = api.get("/api/v1/audit/search?person=" + staff, auditor).body();
        assertThat(indices(byPerson)).as(byPerson.toString()).containsExactly(issued);

        Response bad = api.get("/api/v1/audit/search?lockOrDoor=not-an-id", auditor);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.isProblem()).isTrue();
    }

    @Test
    void staffOrManagerWhenSearchingOrLookingUpThenRefusedAndRecorded() {
        World world = worlds.create();
        long refusals = auditEntries("type = 'ACCESS_REFUSED'");
        for (String subject : List.of(world.a().staff(), world.a().manager())) {
            String token = tokens.forSubject(subject);
            assertThat(api.get("/api/v1/audit/search?person=S-X", token).status()).isEqualTo(403);
            assertThat(api.post("/api/v1/audit/people-lookup", token, Map.of("name", "Resident")).status()).isEqualTo(403);
            assertThat(api.get("/api/v1/audit/evidence/credentials/00000000000000000000000000000000", token).status()).isEqualTo(403);
        }
        assertThat(auditEntries("type = 'ACCESS_REFUSED'")).isEqualTo(refusals + 6);

        // Refused again and again, whatever refused them: an endpoint they may not use counts as much as a door.
        String staff = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        JsonNode report = api.get("/api/v1/audit/anomalies?days=1", tokens.forSubject(world.auditor())).body();
        JsonNode repeated = null;
        for (JsonNode r : report.get("repeated")) {
            if (r.get("actor").asText().equals(staff)) {
                repeated = r;
            }
        }
        assertThat(repeated).as(report.get("repeated").toString()).isNotNull();
        assertThat(repeated.get("count").asInt()).isEqualTo(3);
        assertThat(repeated.get("types").toString()).isEqualTo("[\"ACCESS_REFUSED\"]");
        JsonNode who = report.get("people").get(staff);
        assertThat(who.get("role").asText()).isEqualTo("STAFF");
        assertThat(who.get("careUnit").asText()).startsWith("Unit A ");
        assertThat(who.get("name").asText()).as("names only when asked for").isEmpty();
        assertThat(api.get("/api/v1/audit/anomalies?days=1&names=true", tokens.forSubject(world.auditor())).body()
                .get("people").get(staff).get("name").asText()).startsWith("Staff A ");
    }

    private static List<Long> indices(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("records").forEach(r -> out.add(r.get("index").asLong()));
        return out;
    }
}
