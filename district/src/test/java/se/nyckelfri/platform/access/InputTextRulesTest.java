package se.nyckelfri.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * Text an attacker sends to make names lie or the log swell: invisible and direction-changing characters, controls
 * and lone surrogates in names; NUL, far-out dates and kilobytes of search text in the auditors' reads. Each is a
 * 400 naming the field, never a 409 or 500, and nothing is stored.
 */
class InputTextRulesTest extends PlatformIntegrationTest {

    /** JSON escapes as an attacker writes them: the server's JSON reader turns each into the character. */
    private static final String[] HOSTILE = {
            "\\u202e",   // RIGHT-TO-LEFT OVERRIDE: "Anna \u202eknaB" shows as another name
            "\\u2066",   // LEFT-TO-RIGHT ISOLATE
            "\\u200b",   // ZERO WIDTH SPACE: two names that look the same
            "\\u200f",   // RIGHT-TO-LEFT MARK
            "\\u2060",   // WORD JOINER
            "\\ufeff",   // ZERO WIDTH NO-BREAK SPACE (byte order mark)
            "\\u0085",   // C1 control NEXT LINE
            "\\u009b",   // C1 control CONTROL SEQUENCE INTRODUCER (a terminal escape)
            "\\u0000",   // NUL
            "\\ud800",   // a lone high surrogate, stored as '?' until now
            "\\udc00x",  // a lone low surrogate
    };

    World world;
    String manager;
    String auditor;

    @BeforeEach
    void world() {
        world = worlds.create();
        manager = tokens.forSubject(world.a().manager());
        auditor = tokens.forSubject(world.auditor());
    }

    @Test
    void namesWhenTheyHoldInvisibleDirectionChangingOrControlCharactersOrLoneSurrogatesThen400NamingTheField() {
        for (String bad : HOSTILE) {
            String resident = """
                    {"name": "Anna %s Berg", "personalIdentityNumber": "%s", "careUnitIds": ["%s"]}"""
                    .formatted(bad, TestWorlds.nextNumber().digits(), world.a().id());
            expectInvalid(api.post("/api/v1/residents", manager, resident), "name", bad);

            String staff = """
                    {"careUnitId": "%s", "displayName": "Erik %s Persson"}""".formatted(world.a().id(), bad);
            expectInvalid(api.post("/api/v1/staff", manager, staff), "displayName", bad);

            String door = """
                    {"kind": "FLAT", "label": "Storgatan %s 1", "residentIds": ["%s"]}""".formatted(bad, world.a().residentId());
            expectInvalid(api.post("/api/v1/doors", manager, door), "label", bad);

            String rename = """
                    {"name": "Anna %s Berg", "version": 0}""".formatted(bad);
            expectInvalid(api.put("/api/v1/residents/" + world.a().residentId(), manager, rename), "name", bad);
        }
        assertThat(api.get("/api/v1/residents?careUnitId=" + world.a().id(), manager).body()).hasSize(1);
    }

    @Test
    void namesWhenOrdinaryLettersOfManyScriptsThenAccepted() {
        // The rule removes invisible formatting, not people: accents, Sámi, Arabic, CJK and emoji pairs stay allowed.
        for (String name : new String[] {"Åsa Öberg-Ängström", "Máret Ánde", "محمد علي", "李小龙", "Nils \uD83D\uDD12 Nilsson"}) {
            Response created = api.post("/api/v1/staff", manager, Map.of("careUnitId", world.a().id(), "displayName", name));
            assertThat(created.status()).as(name).isEqualTo(201);
            assertThat(created.body().get("displayName").asText()).isEqualTo(name);
        }
    }

    @Test
    void auditSearchWhenParametersHoldNulOrFarOutDatesThen400NamingTheParameter() {
        for (String parameter : new String[] {"type", "resident", "actor", "subjectId", "subjectKind", "outcome"}) {
            Response nul = api.get("/api/v1/audit-records?" + parameter + "=A%00B", auditor);
            assertThat(nul.status()).as(parameter).isEqualTo(400);
            assertThat(nul.isProblem()).isTrue();
            assertThat(nul.body().get("errors").get(0).get("field").asText()).isEqualTo(parameter);
        }
        for (String date : new String[] {"+100000-01-01T00:00:00Z", "-100000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z"}) {
            for (String parameter : new String[] {"from", "until"}) {
                Response far = api.get("/api/v1/audit-records?" + parameter + "=" + URLEncoder.encode(date, StandardCharsets.UTF_8),
                        auditor);
                assertThat(far.status()).as(parameter + "=" + date).isEqualTo(400);
                assertThat(far.body().get("errors").get(0).get("field").asText()).isEqualTo(parameter);
            }
        }
        assertThat(api.get("/api/v1/audit-records?from=2026-01-01T00:00:00Z&type=ACCESS_REFUSED", auditor).status())
                .isEqualTo(200);
    }

    @Test
    void otherReadsWhenDatesAreFarOutThenAnAnswerNeverAConflictOrServerError() {
        // An empty day or a decision is a fine answer for the year 100000; a 409 or 500 is not.
        for (String date : new String[] {"+100000-01-01", "-100000-01-01", "+999999999-12-31"}) {
            Response visits = api.get("/api/v1/care-units/" + world.a().id() + "/visits?date="
                    + URLEncoder.encode(date, StandardCharsets.UTF_8), manager);
            assertThat(visits.status()).as("visits on " + date + ": " + visits.raw()).isIn(200, 400);

            Response decision = api.get("/api/v1/decisions?staffMemberId=" + world.a().staffId() + "&lockId="
                    + world.a().lockId() + "&at=" + URLEncoder.encode(date + "T00:00:00Z", StandardCharsets.UTF_8), manager);
            assertThat(decision.status()).as("decision at " + date + ": " + decision.raw()).isIn(200, 400);
        }
    }

    @Test
    void auditSearchWhenASearchTermIsKilobytesLongThen400AndNothingStoredInTheLog() {
        String pseudonym = world.auditor();
        long before = auditEntries("type = 'AUDIT_READ'");
        for (String parameter : new String[] {"type", "resident", "actor", "subjectId", "subjectKind", "outcome"}) {
            Response huge = api.get("/api/v1/audit-records?" + parameter + "=" + "A".repeat(7 * 1024), auditor);
            assertThat(huge.status()).as(parameter).isEqualTo(400);
            assertThat(huge.body().get("errors").get(0).get("field").asText()).isEqualTo(parameter);
        }
        assertThat(auditEntries("type = 'AUDIT_READ'")).as("refused searches of %s are not stored", pseudonym)
                .isEqualTo(before);
        assertThat(api.get("/api/v1/audit-records?actor=" + "A".repeat(200), auditor).status()).isEqualTo(200);
    }

    @Test
    void auditorSearchWhenTermsHoldNulOrAreKilobytesLongOrDatesFarOutThen400NamingTheParameterAndNothingStored() {
        long before = auditEntries("type = 'AUDIT_READ'");
        for (String parameter : new String[] {"type", "outcome", "resident", "person", "lockOrDoor"}) {
            for (String bad : new String[] {"A%00B", "A".repeat(7 * 1024)}) {
                Response refused = api.get("/api/v1/audit/search?" + parameter + "=" + bad, auditor);
                assertThat(refused.status()).as(parameter + ": " + refused.raw()).isEqualTo(400);
                assertThat(refused.isProblem()).isTrue();
                assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo(parameter);
            }
        }
        for (String date : new String[] {"+100000-01-01T00:00:00Z", "-100000-01-01T00:00:00Z"}) {
            for (String parameter : new String[] {"from", "until"}) {
                Response far = api.get("/api/v1/audit/search?" + parameter + "=" + URLEncoder.encode(date, StandardCharsets.UTF_8),
                        auditor);
                assertThat(far.status()).as(parameter + "=" + date + ": " + far.raw()).isEqualTo(400);
                assertThat(far.body().get("errors").get(0).get("field").asText()).isEqualTo(parameter);
            }
        }
        Response nulName = api.post("/api/v1/audit/people-lookup", auditor, java.util.Map.of("name", "An\u0000na"));
        assertThat(nulName.status()).as(nulName.raw()).isEqualTo(400);
        assertThat(auditEntries("type = 'AUDIT_READ'")).as("refused searches are not stored").isEqualTo(before);
        assertThat(api.get("/api/v1/audit/search?type=ACCESS_REFUSED&from=2026-01-01T00:00:00Z", auditor).status())
                .isEqualTo(200);
    }

    private static void expectInvalid(Response response, String field, String bad) {
        assertThat(response.status()).as(field + " with " + bad + ": " + response.raw()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.body().get("type").asText()).endsWith("/invalid-input");
        assertThat(response.body().get("errors").get(0).get("field").asText()).as(bad).isEqualTo(field);
    }
}
