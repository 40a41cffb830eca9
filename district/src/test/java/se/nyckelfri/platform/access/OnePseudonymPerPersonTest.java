package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.PseudonymUnification;
import se.nyckelfri.access.staff.People;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * One pseudonym per person: what the staff API, the staff member's own view and the log's actor of their attempts
 * say is the same, so an auditor searching the log by the pseudonym a manager's page shows finds the person's
 * attempts; an account made before the rule takes its member's pseudonym at start, with the link in the log.
 */
class OnePseudonymPerPersonTest extends PlatformIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PseudonymUnification unification;
    @Autowired
    People people;
    @Autowired
    AuditTrail trail;

    @Test
    void staffMemberWhenActingThenTheLogNamesThemAsTheStaffApiAndTheirOwnViewDo() {
        World world = worlds.create();
        String staff = tokens.forSubject(world.a().staff());
        String fromManager = api.get("/api/v1/staff/" + world.a().staffId(), tokens.forSubject(world.a().manager()))
                .body().get("pseudonym").asText();
        assertThat(api.get("/api/v1/me", staff).body().get("pseudonym").asText()).isEqualTo(fromManager);

        // An attempt at a door they have no grant for: refused and recorded, with them as the actor.
        Response denied = api.postWithHeader("/api/v1/unlocks", staff, "Idempotency-Key", "key-" + UUID.randomUUID(),
                Map.of("lockId", world.b().lockId()));
        assertThat(denied.status()).as(denied.raw()).isEqualTo(403);
        JsonNode found = api.get("/api/v1/audit-records?type=UNLOCK_DENIED&actor=" + fromManager, tokens.forSubject(world.auditor()))
                .body().get("records");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("subjectId").asText()).isEqualTo(world.b().lockId().toString());
    }

    @Test
    void accountWhenMadeBeforeTheRuleThenTakesItsMembersPseudonymWithTheLinkInTheLog() {
        World world = worlds.create();
        String member = jdbc.queryForObject("SELECT pseudonym FROM account WHERE subject = ?", String.class, world.a().staff());
        String old = "S-OLD" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.update("UPDATE account SET pseudonym = ? WHERE subject = ?", old, world.a().staff());

        assertThat(unification.unify()).isEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT pseudonym FROM account WHERE subject = ?", String.class, world.a().staff()))
                .isEqualTo(member);
        auditEntries("true");
        AuditRecord link = trail.find(new AuditTrail.Query("ACCOUNT_PSEUDONYM_UNIFIED", "account", old, null, null, null, -1, 10))
                .get(0);
        assertThat(link.event().attributes()).containsEntry("staff", member);
        assertThat(people.byAccountPseudonym(old)).as("rows that name the old pseudonym still find the person")
                .hasValueSatisfying(p -> assertThat(p.staffMemberId()).isEqualTo(world.a().staffId()));
        assertThat(unification.unify()).as("done once").isZero();
    }
}
