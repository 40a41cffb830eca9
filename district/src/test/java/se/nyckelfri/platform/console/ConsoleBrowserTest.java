package se.nyckelfri.platform.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.emergency.EmergencyOpenings;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffService;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.Browser;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The console as a manager uses it, in headless Chromium against the whole platform: sign in through the identity
 * provider, record a resident's consent, grant a weekly window (checking the preview in plain words), revoke it and
 * see a staff member's unlock refused right after; open another unit's resident by address and be refused. Every
 * console page on the way is checked with axe-core, in Swedish and in English.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleBrowserTest extends PlatformIntegrationTest {

    private static final Actor SYSTEM = new Actor("system:test", "SYSTEM-TEST", Role.ADMIN, Set.of(), null);
    private static final String PASSWORD = "correct horse battery";
    private static Browser browser;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    ResidentService residents;
    @Autowired
    PremisesService premises;
    @Autowired
    Accounts accounts;
    @Autowired
    MerkleAuditLog auditLog;
    @Autowired
    EmergencyOpenings emergencies;
    @Autowired
    ServletWebServerApplicationContext web;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DataSource dataSource;
    @Autowired
    GrantService grants;
    @Autowired
    StaffService staffService;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void managerWhenGrantingAndRevokingInTheConsoleThenTheStaffUnlockIsRefusedRightAfter(CapturedOutput output) {
        TestWorlds.World world = worlds.create();
        var number = TestWorlds.nextNumber();
        UUID resident = residents.register(SYSTEM, "Gun Holm", number, Set.of(world.a().id())).resident().getId();
        Door door = premises.registerDoor(SYSTEM, Door.Kind.FLAT, "Storgatan 3", Set.of(resident));
        LockDevice lock = premises.registerLock(SYSTEM, door.getId(), "test", "T-" + UUID.randomUUID(), TestWorlds.p256PublicKey(), null);
        premises.activate(SYSTEM, lock.getId(), lock.getVersion());
        signIn(world.a().manager());

        browser.open(base() + "/console/manage/residents/" + resident);
        assertThat(browser.find("h1").getText()).isEqualTo("Gun Holm");
        assertThat(browser.text()).contains("Brukaren har inget gällande samtycke");
        browser.assertAccessible();

        new Select(browser.find("#givenBy")).selectByValue("RESIDENT");
        browser.go("#record-consent button");
        assertThat(browser.find(".notice").getText()).isEqualTo("Samtycket har registrerats.");
        assertThat(browser.text()).doesNotContain("Brukaren har inget gällande samtycke");

        browser.go("a.button");
        browser.assertAccessible();
        new Select(browser.find("#grantee")).selectByValue("staff:" + world.a().staffId());
        for (String day : new String[] {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}) {
            browser.find("#day-" + day).click();
        }
        browser.set("#start", "00:00");
        browser.set("#end", "00:00");
        browser.find("#purpose").sendKeys("Morgonbesök");
        browser.go("#preview");

        String sentence = browser.find("#grant-sentence").getText();
        assertThat(sentence).isEqualTo("Staff A " + tag(world) + " får öppna Storgatan 3, mån–sön 00:00–00:00");
        browser.assertAccessible();
        browser.go("#confirm");
        assertThat(browser.find(".notice").getText()).isEqualTo("Behörigheten har beviljats.");
        assertThat(browser.find("#grants tbody tr").getText()).contains("Staff A", "mån–sön 00:00–00:00", "Morgonbesök");

        String staffToken = tokens.forSubject(world.a().staff());
        assertThat(api.get("/api/v1/me/residents", staffToken).raw()).contains("Storgatan 3");

        browser.go("nav a[href='/console/manage/visits']");
        assertThat(browser.find("#visits").getText()).contains("Gun Holm", "Staff A " + tag(world) + ": mån–sön 00:00–00:00",
                "Inga öppningar");
        browser.assertAccessible();

        browser.go("nav a[href='/console/manage/staff']");
        browser.assertAccessible();
        browser.go("#staff a");
        assertThat(browser.find("h1").getText()).isEqualTo("Staff A " + tag(world));
        assertThat(browser.find("#staff-grants tbody tr").getText()).contains("Gun Holm", "mån–sön 00:00–00:00", "Morgonbesök", "Gäller");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/residents/" + resident);

        String grantId = browser.find("#grants tbody tr").getAttribute("data-grant");
        browser.find("#revoke-reason-" + grantId).sendKeys("Ny planering");
        browser.go("#grants tbody tr button");
        assertThat(browser.find(".notice").getText()).startsWith("Behörigheten har återkallats.");
        assertThat(browser.find("#grants tbody tr").getText()).contains("Återkallad", "Ny planering");
        browser.assertAccessible();

        Response refused = api.postWithHeader("/api/v1/unlocks", staffToken, "Idempotency-Key", UUID.randomUUID().toString(),
                Map.of("lockId", lock.getId()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("code").asText()).isEqualTo("REVOKED");

        browser.go("nav a[href='/console/manage/locks']");
        assertThat(browser.find("#locks tbody tr").getText())
                .contains("Storgatan 3", "Ingen gateway: låset kan inte nås uppkopplat", "Nekade försök senaste dygnet")
                .endsWith(" 1");
        assertThat(browser.all("#locks tbody tr")).hasSize(2);
        browser.assertAccessible();
        assertThat(output.getAll()).as("the platform's log while the console was used")
                .doesNotContain("Gun Holm", number.digits(), "Storgatan 3");
    }

    @Test
    void managerWhenAStaffMembersPhoneIsLostThenBlocksItOnTheStaffPageAndItSyncsNoMore() {
        TestWorlds.World world = worlds.create();
        String staffToken = tokens.forSubject(world.a().staff());
        String key = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                se.nyckelfri.lock.protocol.cose.P256.compress(se.nyckelfri.lock.protocol.cose.P256.generate().getPublic()));
        Response registered = api.post("/api/v1/me/devices", staffToken, Map.of("name", "Jobbtelefon 7", "publicKey", key));
        assertThat(registered.status()).as(registered.raw()).isEqualTo(201);
        signIn(world.a().manager());

        browser.open(base() + "/console/manage/staff/" + world.a().staffId());
        assertThat(browser.find("#staff-devices tbody tr").getText()).contains("Jobbtelefon 7");
        browser.assertAccessible();
        new Select(browser.find("#staff-devices select")).selectByValue("LOST");
        browser.go("#staff-devices button");
        assertThat(browser.find(".notice").getText()).isEqualTo("Telefonen är spärrad. Låsen får beskedet.");
        assertThat(browser.find("#staff-devices tbody tr").getText()).contains("Spärrad", "Borttappad");
        assertThat(browser.all("#staff-devices button")).isEmpty();
        browser.assertAccessible();

        Response sync = api.post("/api/v1/me/offline-credentials", staffToken, Map.of("deviceId", registered.body().get("id").asText()));
        assertThat(sync.status()).isEqualTo(409);
        assertThat(sync.body().path("code").asText()).isEqualTo("DEVICE_BLOCKED");
        assertThat(count("DEVICE_BLOCKED")).isPositive();
    }

    @Test
    void managerWhenGrantingAOneOffWindowToAWholeTeamThenThePreviewSaysSoAndEveryMemberMayOpen() {
        TestWorlds.World world = worlds.create();
        signIn(world.a().manager());
        String staff = tokens.forSubject(world.a().staff());
        assertThat(api.get("/api/v1/me/residents", staff).body()).isEmpty();
        LocalDateTime from = LocalDateTime.now(Schedule.ZONE).truncatedTo(ChronoUnit.MINUTES).minusHours(1);
        LocalDateTime until = from.plusHours(3);
        DateTimeFormatter input = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        DateTimeFormatter shown = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

        browser.open(base() + "/console/manage/residents/" + world.a().residentId() + "/grants/new");
        new Select(browser.find("#grantee")).selectByValue("team:" + world.a().id());
        browser.find("#kind-oneoff").click();
        browser.set("#from", from.format(input));
        browser.set("#until", until.format(input));
        browser.find("#purpose").sendKeys("Extra insats");
        browser.go("#preview");
        assertThat(browser.find("#grant-sentence").getText()).isEqualTo("Alla i Unit A " + tag(world) + " får öppna Testgatan 1 "
                + tag(world) + ", från " + from.format(shown) + " till " + until.format(shown));
        browser.assertAccessible();
        browser.go("#confirm");
        assertThat(browser.find(".notice").getText()).isEqualTo("Behörigheten har beviljats.");

        // Every member of the unit may now open the door: the decision allows, and this lock has no gateway to reach.
        assertThat(api.get("/api/v1/me/residents", staff).raw()).contains("Testgatan 1 " + tag(world));
        Response unlock = api.postWithHeader("/api/v1/unlocks", staff, "Idempotency-Key", UUID.randomUUID().toString(),
                Map.of("lockId", world.a().lockId()));
        assertThat(unlock.body().path("code").asText()).as(unlock.raw()).isEqualTo("NO_GATEWAY");
    }

    @Test
    void managerWhenGrantingATeamEmergenciesOnlyThenThePreviewSaysSoAndTheDoorOpensOnlyThroughAnEmergency() {
        TestWorlds.World world = worlds.create();
        signIn(world.a().manager());
        String staff = tokens.forSubject(world.a().staff());

        browser.open(base() + "/console/manage/residents/" + world.a().residentId() + "/grants/new");
        new Select(browser.find("#grantee")).selectByValue("team:" + world.a().id());
        browser.find("#kind-emergency").click();
        browser.find("#purpose").sendKeys("Trygghetslarm");
        browser.go("#preview");
        assertThat(browser.find("#grant-sentence").getText()).isEqualTo("Alla i Unit A " + tag(world) + " får öppna Testgatan 1 "
                + tag(world) + ", endast vid nödöppning (larm), tills vidare");
        browser.assertAccessible();
        browser.go("#confirm");
        assertThat(browser.find(".notice").getText()).isEqualTo("Behörigheten har beviljats.");
        assertThat(browser.find("main").getText()).contains("endast vid nödöppning (larm), tills vidare", "Trygghetslarm");

        // No visit is planned under it, but the home is among those the member could help in an emergency; an ordinary
        // unlock is refused, and the emergency route passes the decision (this lock has no gateway to reach).
        assertThat(api.get("/api/v1/me/residents", staff).body()).isEmpty();
        JsonNode helpable = api.get("/api/v1/me/emergency-residents", staff).body();
        assertThat(helpable.findValuesAsText("lockId")).containsExactly(world.a().lockId().toString());
        assertThat(helpable.findValues("mayOpenNow").get(0).asBoolean()).isTrue();
        assertThat(api.get("/api/v1/me/emergency-residents", tokens.forSubject(world.b().staff())).body())
                .as("another unit's member").isEmpty();
        Response unlock = api.postWithHeader("/api/v1/unlocks", staff, "Idempotency-Key", UUID.randomUUID().toString(),
                Map.of("lockId", world.a().lockId()));
        assertThat(unlock.status()).isEqualTo(403);
        assertThat(unlock.body().path("code").asText()).as(unlock.raw()).isEqualTo("EMERGENCY_ONLY");
        Response emergency = api.postWithHeader("/api/v1/emergency-unlocks", staff, "Idempotency-Key", UUID.randomUUID().toString(),
                Map.of("lockId", world.a().lockId(), "cause", "ALARM"));
        assertThat(emergency.body().path("code").asText()).as(emergency.raw()).isEqualTo("NO_GATEWAY");
    }

    @Test
    void managerWhenTheUnitsListsAreLongThenTheyPageAndEachPageIsAccessible() {
        TestWorlds.World world = worlds.create();
        for (int i = 1; i <= 30; i++) {
            staffService.add(SYSTEM, world.a().id(), String.format("Zeta %02d", i));
        }
        StaffMember leaver = staffService.add(SYSTEM, world.a().id(), "Zeta Slutat");
        staffService.endEmployment(SYSTEM, leaver.getId(), leaver.getVersion());
        for (int i = 1; i <= 20; i++) {
            residents.register(SYSTEM, String.format("Ytterst %02d", i), TestWorlds.nextNumber(), Set.of(world.a().id()));
        }
        signIn(world.a().manager());

        browser.go("nav a[href='/console/manage/staff']");
        assertThat(browser.text()).contains("32 medarbetare i dina enheter");
        assertThat(browser.find("#staff caption").getText()).isEqualTo("Medarbetare, sida 1 av 2");
        assertThat(browser.all("#staff tbody tr")).hasSize(25);
        assertThat(browser.all("nav.pager a[rel=prev]")).isEmpty();
        browser.assertAccessible();
        browser.go("nav.pager a[rel=next]");
        assertThat(browser.find("#staff caption").getText()).isEqualTo("Medarbetare, sida 2 av 2");
        List<String> lastPage = browser.all("#staff tbody tr").stream().map(row -> row.getText()).toList();
        assertThat(lastPage).hasSize(7);
        assertThat(lastPage.get(6)).contains("Zeta Slutat", "Anställningen avslutad"); // those still employed come first
        assertThat(browser.all("nav.pager a[rel=next]")).isEmpty();
        browser.assertAccessible();

        browser.go("nav a[href='/console/manage/residents']");
        assertThat(browser.find("table caption").getText()).endsWith("sida 1 av 2");
        browser.go("nav.pager a[rel=next]");
        assertThat(browser.find("table caption").getText()).endsWith("sida 2 av 2");
        assertThat(browser.all("table tbody tr")).hasSize(1);
        browser.assertAccessible();
        browser.open(base() + "/console/manage/residents?page=99"); // out of range: the nearest page
        assertThat(browser.find("table caption").getText()).endsWith("sida 2 av 2");
    }

    @Test
    void managerWhenTheLockOpenedInAnEmergencyThenPlannedAndActualSaysSoAndTheReviewIsRecordedOnceForTheAuditor() {
        TestWorlds.World world = worlds.create();
        String staff = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        // What an emergency opening leaves behind: the emergency, the credential issued right after, the lock's receipt.
        long emergency = emergencies.record(staff, world.a().lockId(), null, "FIRE_OR_SMOKE", null);
        auditLog.appendDurably(AuditEvent.of("CREDENTIAL_ISSUED", staff).subject("lock", world.a().lockId())
                .attribute("credential", "0e0e0e0e").attribute("staff", staff).attribute("emergency", emergency).build());
        emergencies.credentialIssued(emergency, new byte[] {14, 14, 14, 14});
        jdbc.update("""
                INSERT INTO lock_receipt (lock_id, counter, receipt, outcome, reason, credential_id, audit_index, received_at)
                VALUES (?, 1, ?, 'OPENED', 0, ?, NULL, now())""", world.a().lockId(), new byte[] {1}, new byte[] {14, 14, 14, 14});
        emergencies.receiptRecorded(world.a().lockId(), new byte[] {14, 14, 14, 14}, 1, "OPENED"); // as the ledger links it
        signIn(world.a().manager());

        browser.go("nav a[href='/console/manage/visits']");

        assertThat(browser.find("#visits li.outside").getText())
                .contains("Staff A " + tag(world), "NÖDÖPPNING: Brand, rök eller vatten");
        browser.assertAccessible();

        // The follow-up: the emergency waits for the manager's review, who records a conclusion once.
        long reads = count("EMERGENCIES_READ");
        browser.go("nav a[href='/console/manage/emergencies']");
        assertThat(count("EMERGENCIES_READ")).as("looking is recorded").isEqualTo(reads + 1);
        String row = "#emergency-" + emergency;
        assertThat(browser.find(row).getText()).contains("Testgatan 1 " + tag(world), "Staff A " + tag(world) + " (Unit A " + tag(world) + ")",
                "Brand, rök eller vatten", "OPENED");
        assertThat(browser.find("#emergencies-summary").getText()).isEqualTo("En nödöppning de senaste 30 dagarna, en ännu inte granskad.");
        browser.assertAccessible();
        new Select(browser.find("#conclusion-" + emergency)).selectByValue("JUSTIFIED");
        browser.go(row + " button[type=submit]");
        assertThat(browser.find(".notice").getText()).isEqualTo("Granskningen har registrerats.");
        String manager = accounts.find(world.a().manager()).orElseThrow().pseudonym();
        assertThat(browser.find(row).getText()).contains("Befogad, av " + manager);
        assertThat(browser.all(row + " form")).as("reviewed once: no form any more").isEmpty();
        assertThat(browser.find("#emergencies-summary").getText()).isEqualTo("En nödöppning de senaste 30 dagarna, alla granskade.");
        browser.assertAccessible();
        assertThat(jdbc.queryForObject("SELECT conclusion FROM emergency_review WHERE emergency_index = ?", String.class, emergency))
                .isEqualTo("JUSTIFIED");
        assertThat(count("EMERGENCY_REVIEWED")).isPositive();

        signIn(world.auditor());
        browser.open(base() + "/console/audit/anomalies?days=1");
        WebElement listed = browser.all("#emergencies tbody tr").stream()
                .filter(r -> r.getText().startsWith(Long.toString(emergency) + " ")).findFirst().orElseThrow();
        assertThat(listed.getText()).contains("OPENED", "Befogad, av " + manager);
        browser.assertAccessible();
    }

    @Test
    void managerWhenOpeningAnotherUnitsResidentByAddressThenRefusedAndRecorded() {
        TestWorlds.World world = worlds.create();
        signIn(world.a().manager());
        Integer refusalsBefore = refusals();

        browser.open(base() + "/console/manage/residents/" + world.b().residentId());

        assertThat(browser.all("h1")).as(() -> browser.driver().getPageSource()).hasSize(1);
        assertThat(browser.find("h1").getText()).isEqualTo("Inte möjligt");
        assertThat(browser.text()).contains("Du får inte se eller göra detta").doesNotContain("Resident B");
        browser.assertAccessible();
        await().atMost(Duration.ofSeconds(20)).until(() -> refusals() > refusalsBefore);
    }

    @Test
    void auditorWhenSearchingForARefusedUnlockThenFindsItOpensItAndSeesItVerified() {
        TestWorlds.World world = worlds.create();
        for (int i = 0; i < 3; i++) { // refused again and again: an anomaly of its own
            Response refused = api.postWithHeader("/api/v1/unlocks", tokens.forSubject(world.b().staff()), "Idempotency-Key",
                    UUID.randomUUID().toString(), Map.of("lockId", world.a().lockId()));
            assertThat(refused.status()).isEqualTo(403);
        }
        String staffPseudonym = accounts.find(world.b().staff()).orElseThrow().pseudonym();
        // Staff member A, whose grant is for another day, answers a safety alarm; the lock has no gateway, so the
        // emergency is recorded but no receipt follows.
        grants.grant(SYSTEM, new GrantService.GrantRequest(world.a().residentId(), AccessGrant.Grantee.staff(world.a().staffId()),
                GrantKind.RECURRING, List.of(new WeeklyWindow(LocalDate.now(Schedule.ZONE).getDayOfWeek().plus(3),
                        LocalTime.of(7, 0), LocalTime.of(7, 45))), Instant.now().minus(Duration.ofDays(1)), null, null, null, "Morgonbesök"));
        Response emergency = api.postWithHeader("/api/v1/emergency-unlocks", tokens.forSubject(world.a().staff()), "Idempotency-Key",
                UUID.randomUUID().toString(), Map.of("lockId", world.a().lockId(), "cause", "ALARM", "alarmReference", alarmReference(world)));
        assertThat(emergency.body().path("code").asText()).as(emergency.raw()).isEqualTo("NO_GATEWAY");
        String responder = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        long reads = count("AUDIT_READ");
        signIn(world.auditor());

        browser.go("nav a[href='/console/audit']");
        browser.assertAccessible();
        browser.find("#actor").sendKeys(staffPseudonym);
        new Select(browser.find("#type")).selectByValue("UNLOCK_DENIED");
        browser.go("#search-button");
        assertThat(browser.all("#audit-results tbody tr")).hasSize(3);
        assertThat(browser.find("#audit-results tbody tr").getText())
                .contains("Öppning nekad (UNLOCK_DENIED)", staffPseudonym, "Nekat: ingen behörighet just nu (DENIED, NO_GRANT)");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(staffPseudonym);
        browser.assertAccessible();

        auditLog.awaitCheckpoint(Duration.ofSeconds(10));
        browser.go("#audit-results tbody tr a");
        assertThat(browser.find("#verdict").getText()).startsWith("Verifierad");
        assertThat(browser.find("#entry").getText()).contains("UNLOCK_DENIED", staffPseudonym, "lock " + world.a().lockId());
        assertThat(browser.find("#checks").getText()).contains("nyckelfri.local/audit", "witness.nyckelfri.local");
        browser.assertAccessible();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("AUDIT_READ") >= reads + 2); // the search and the opened entry were both recorded

        browser.go("nav a[href='/console/audit/anomalies']");
        assertThat(browser.find("#refusals").getText()).contains("Medarbetare, Unit B " + tag(world) + " (" + staffPseudonym + ")",
                "Testgatan 1 " + tag(world), "Nekat: ingen behörighet just nu (DENIED, NO_GRANT)").doesNotContain("Staff B");
        assertThat(browser.find("#repeated").getText()).contains(staffPseudonym);
        assertThat(browser.find("#emergencies").getText())
                .contains("(" + responder + ")", "Testgatan 1 " + tag(world), "Trygghetslarm", alarmReference(world), "inget ännu");
        browser.find("#names").click(); // with names, asked for and recorded
        browser.go("form.row button[type=submit]");
        assertThat(browser.find("#refusals").getText()).contains("Medarbetare, Unit B " + tag(world) + ", Staff B " + tag(world));
        browser.assertAccessible();

        String resident = residents.get(SYSTEM, world.a().residentId()).resident().getPseudonym();
        long extracts = count("RESIDENT_EXTRACT");
        browser.go("nav a[href='/console/audit']");
        browser.find("#extract-resident").sendKeys(resident);
        browser.find("#format-csv").click();
        browser.go("#extract-button");
        browser.awaitVisible("#extract-download"); // the page follows the extract being made, then offers the file
        assertThat(browser.find(".notice").getText()).startsWith("Utdraget är klart:");
        browser.assertAccessible();
        String csv = read(browser.download("#extract-download", ".csv"));
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("index,time,event,door,role,care_provider,care_unit,outcome,reason,purpose,grantee_role,"
                        + "grantee_care_provider,grantee_care_unit,grant_hours");
        assertThat(csv).contains("Öppning nekad,Testgatan 1 " + tag(world) + ",Medarbetare,Provider " + tag(world) + ",Unit B "
                + tag(world) + ",DENIED,NO_GRANT,", "Samtycke registrerat",
                "Behörighet beviljad,,Systemet (uppsättning),,,OK,,Morgonbesök,Medarbetare,Provider " + tag(world) + ",Unit A " + tag(world) + ",")
                .doesNotContain("Staff B", "Okänd");

        browser.go("nav a[href='/console/audit']");
        browser.find("#extract-resident").sendKeys(resident);
        browser.find("#format-pdf").click();
        browser.find("#include-names").click();
        browser.go("#extract-button");
        browser.awaitVisible("#extract-download");
        String pdf = pdfText(browser.download("#extract-download", ".pdf"));
        assertThat(pdf).contains("Logguttdrag för brukare " + resident, "Medarbetarna namnges.", "Öppning nekad",
                "Medarbetare, Unit B " + tag(world), "Staff B " + tag(world), "Nekat: ingen behörighet just nu (DENIED,",
                "Tillåtet: trygghetslarm (ALLOWED, ALARM)",
                "till Medarbetare, Unit A " + tag(world) + " (Provider " + tag(world) + "), Staff A " + tag(world),
                "syfte: Morgonbesök").containsPattern("när:\\s+(mån|tis|ons|tors|fre|lör|sön)\\S* 07:00.07:45")
                .doesNotContain("Okänd", "- OK", "DENIED (NO");
        await().atMost(Duration.ofSeconds(20)).until(() -> count("RESIDENT_EXTRACT") == extracts + 2);

        browser.open(base() + "/console/audit?lang=en");
        assertThat(browser.find("h1").getText()).isEqualTo("Audit log");
        browser.assertAccessible();
        browser.find("#extract-resident").sendKeys(resident);
        browser.find("#format-csv").click();
        browser.go("#extract-button");
        browser.awaitVisible("#extract-download");
        assertThat(browser.find(".notice").getText()).startsWith("The extract is ready:");
        browser.assertAccessible();
        String english = read(browser.download("#extract-download", ".csv"));
        assertThat(english).contains("Access granted,,The system (set-up),,,OK,,Morgonbesök,Staff member,Provider " + tag(world)
                + ",Unit A " + tag(world) + ",").containsPattern("Unit A " + tag(world) + ",(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\S* 07:00.07:45")
                .doesNotContain("Medarbetare", "Behörighet", "Systemet");
        browser.open(base() + "/console/audit/anomalies");
        assertThat(browser.find("h1").getText()).isEqualTo("Anomalies");
        browser.assertAccessible();
        browser.go("#refusals tbody tr a");
        assertThat(browser.find("#verdict").getText()).startsWith("Verified");
        browser.assertAccessible();
        browser.open(base() + "/console?lang=sv");
    }

    @Test
    void auditorWhenLookingPeopleUpByNameThenSearchesTheLogForThemWithTheirDoorsOpeningsNewestFirst() {
        TestWorlds.World world = worlds.create();
        String staff = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        String resident = residents.get(SYSTEM, world.a().residentId()).resident().getPseudonym();
        // An opening at the resident's door: the credential and the lock's receipt are about the lock, not the resident.
        long issued = auditLog.appendDurably(AuditEvent.of("CREDENTIAL_ISSUED", staff).subject("lock", world.a().lockId())
                .attribute("credential", "0f0f0f0f").attribute("staff", staff).build());
        long receipt = auditLog.appendDurably(AuditEvent.of("LOCK_RECEIPT", "lock:" + world.a().lockId())
                .subject("lock", world.a().lockId()).outcome("OPENED", null).attribute("counter", 1)
                .attribute("credential", "0f0f0f0f").build());
        long reads = count("AUDIT_READ");
        signIn(world.auditor());

        browser.go("nav a[href='/console/audit']");
        browser.find("#lookup-name").sendKeys("resident a " + tag(world)); // case does not matter
        browser.go("#lookup-button");
        assertThat(browser.all("#people tbody tr")).hasSize(1);
        assertThat(browser.find("#people tbody tr").getText())
                .contains("Brukare", "Resident A " + tag(world), resident, "Unit A " + tag(world));
        browser.assertAccessible();
        browser.go("#people tbody tr button");
        List<WebElement> rows = browser.all("#audit-results tbody tr");
        assertThat(rows.get(0).getText()).as("newest first: the lock's receipt").startsWith(Long.toString(receipt)).contains("(LOCK_RECEIPT)");
        assertThat(rows.get(1).getText()).startsWith(Long.toString(issued)).contains("(CREDENTIAL_ISSUED)", staff);
        assertThat(browser.find("#audit-results").getText()).contains("(RESIDENT_REGISTERED)", "(CONSENT_RECORDED)");
        assertThat(browser.find("#results-heading").getText()).isEqualTo(rows.size() + " poster");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(resident);
        browser.assertAccessible();

        browser.go("nav a[href='/console/audit']");
        browser.find("#lookup-name").sendKeys("Staff A " + tag(world));
        browser.go("#lookup-button");
        assertThat(browser.find("#people tbody tr").getText()).contains("Medarbetare", staff, "Unit A " + tag(world));
        browser.go("#people tbody tr button");
        assertThat(browser.find("#audit-results tbody tr").getText()).startsWith(Long.toString(issued)).contains("(CREDENTIAL_ISSUED)");
        assertThat(browser.find("#results-heading").getText()).isEqualTo("1 poster");
        await().atMost(Duration.ofSeconds(20)).until(() -> count("AUDIT_READ") >= reads + 4); // two look-ups, two searches

        browser.open(base() + "/console/audit?lang=en");
        browser.find("#lookup-name").sendKeys("Resident A " + tag(world));
        browser.go("#lookup-button");
        assertThat(browser.find("#people tbody tr").getText()).contains("Resident", "Search for Resident A " + tag(world));
        browser.assertAccessible();
        browser.go("#people tbody tr button");
        assertThat(browser.find("#results-heading").getText()).endsWith(" entries");
        assertThat(browser.find("#results-shown").getText()).startsWith("Showing the newest");
        browser.assertAccessible();
        browser.open(base() + "/console?lang=sv");
    }

    @Test
    void auditorWhenALargeExtractIsBeingMadeThenItsPageFollowsItAndTheJobIsNobodyElses() {
        TestWorlds.World world = worlds.create();
        UUID lock = world.a().lockId();
        String staff = accounts.find(world.a().staff()).orElseThrow().pseudonym();
        int openings = 5_000; // a year of a resident's own door at several visits a day: a key issued, the lock's receipt
        AuditLog.Pending last = transactions.execute(status -> {
            AuditLog.Pending receipt = null;
            for (int i = 1; i <= openings; i++) {
                auditLog.append(AuditEvent.of("CREDENTIAL_ISSUED", staff).subject("lock", lock).attribute("staff", staff).build());
                receipt = auditLog.append(AuditEvent.of("LOCK_RECEIPT", "lock:" + lock).subject("lock", lock)
                        .outcome("OPENED", null).attribute("counter", i).build());
            }
            return receipt;
        });
        last.awaitIndex(Duration.ofSeconds(60));
        String resident = residents.get(SYSTEM, world.a().residentId()).resident().getPseudonym();
        signIn(world.auditor());

        browser.go("nav a[href='/console/audit']");
        browser.find("#extract-resident").sendKeys(resident);
        browser.find("#format-pdf").click();
        // The extract is held back, so that the page can be seen while it is being made: it reads the log, then stops at
        // its first look-up of who did something (a care provider's name) until the test lets go of that table.
        try (Connection holding = dataSource.getConnection()) {
            holding.setAutoCommit(false);
            try (Statement statement = holding.createStatement()) {
                statement.execute("LOCK TABLE care_provider IN ACCESS EXCLUSIVE MODE");
            }
            browser.go("#extract-button");
            assertThat(browser.find("#extract-progress").getAttribute("data-state")).isEqualTo("RUNNING");
            assertThat(browser.find("#extract-progress [role=status]").getText()).startsWith("Läser loggen:");
            browser.assertAccessible();
            JavascriptExecutor script = (JavascriptExecutor) browser.driver();
            script.executeScript("window.stillTheSamePage = true; document.getElementById('extract-read').textContent = 'x';");
            // The page's script asks how far the job has come and writes it into the page, without reloading it.
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> browser.find("#extract-read").getText().matches("\\d+"));
            assertThat(script.executeScript("return window.stillTheSamePage === true")).isEqualTo(true);
            assertThat(browser.find("#extract-progress").getAttribute("data-state")).isEqualTo("RUNNING");

            holding.rollback();
            // Once the job is done, the script reloads the page, which now offers the file.
            new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).until(d -> !browser.all("#extract-download").isEmpty());
            assertThat(script.executeScript("return window.stillTheSamePage === true")).isEqualTo(false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String job = browser.driver().getCurrentUrl();
        String ready = browser.find(".notice").getText();
        assertThat(ready).matches("Utdraget är klart: [\\d\\s\u00a0\u202f]+ händelser\\."); // "10 012": Swedish groups digits
        int lines = Integer.parseInt(ready.replaceAll("\\D", ""));
        assertThat(lines).isGreaterThan(2 * openings);
        browser.assertAccessible();
        try (PDDocument pdf = Loader.loadPDF(browser.download("#extract-download", ".pdf").toFile())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(100);
            PDFTextStripper firstPage = new PDFTextStripper();
            firstPage.setEndPage(1);
            assertThat(firstPage.getText(pdf)).contains("Logguttdrag för brukare " + resident, " händelser, äldst först.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        // Another auditor cannot follow, see or fetch it, even with its address.
        TestWorlds.World other = worlds.create();
        signIn(other.auditor());
        for (String address : new String[] {job, job + "/status", job + "/file"}) {
            browser.open(address);
            assertThat(browser.find("h1").getText()).as(address).isEqualTo("Inte möjligt");
            assertThat(browser.text()).as(address).contains("Här finns ingenting.").doesNotContain("klart", "DONE", resident);
        }
        browser.assertAccessible();
    }

    @Test
    void staffMemberWhenSigningInToTheConsoleThenRefused() {
        TestWorlds.World world = worlds.create();
        jdbc.update("INSERT INTO login_credential (subject, password_hash) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING",
                world.a().staff(), passwords.encode(PASSWORD));
        browser.driver().manage().deleteAllCookies();
        browser.open(base() + "/console");
        browser.find("#username").sendKeys(world.a().staff());
        browser.find("#password").sendKeys(PASSWORD);
        browser.go("button[type=submit]");

        assertThat(browser.find("h1").getText()).isEqualTo("Inte möjligt");
        assertThat(browser.all("nav a[href='/console/manage/residents']")).isEmpty();
        browser.assertAccessible();
        browser.open(base() + "/console/manage/residents");
        assertThat(browser.find("h1").getText()).isEqualTo("Inte möjligt");
    }

    @Test
    void consoleWhenSwitchedToEnglishThenEveryPageSpeaksEnglishAndStaysAccessible() {
        TestWorlds.World world = worlds.create();
        signIn(world.a().manager());

        browser.open(base() + "/console?lang=en");
        assertThat(browser.find("h1").getText()).isEqualTo("Start");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/residents");
        assertThat(browser.find("h1").getText()).isEqualTo("Residents");
        assertThat(browser.text()).contains("Resident A " + tag(world));
        browser.assertAccessible();
        browser.open(base() + "/console/manage/residents/" + world.a().residentId());
        assertThat(browser.text()).contains("Who has access, and why", "Doors and locks");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/residents/" + world.a().residentId() + "/grants/new");
        assertThat(browser.find("h1").getText()).isEqualTo("Grant access");
        browser.assertAccessible();
        new Select(browser.find("#grantee")).selectByValue("staff:" + world.a().staffId());
        browser.find("#day-MONDAY").click();
        browser.set("#start", "07:00");
        browser.set("#end", "07:45");
        browser.find("#purpose").sendKeys("Morning visit");
        browser.go("#preview");
        assertThat(browser.find("#grant-sentence").getText()).isEqualTo("Staff A " + tag(world) + " may open Testgatan 1 "
                + tag(world) + ", Mon 07:00–07:45");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/locks");
        assertThat(browser.find("#locks tbody tr").getText()).contains("Testgatan 1", "No gateway: the lock cannot be reached online");
        browser.assertAccessible();

        browser.open(base() + "/console/manage/staff");
        assertThat(browser.find("h1").getText()).isEqualTo("Staff");
        browser.assertAccessible();
        browser.go("#staff a");
        assertThat(browser.text()).contains("Personal grants", "In employment");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/visits");
        assertThat(browser.find("h1").getText()).isEqualTo("Planned and actual");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/service-requests");
        assertThat(browser.find("h1").getText()).isEqualTo("Requests to serve a resident");
        assertThat(browser.text()).contains("Ask to serve a registered resident");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/emergencies?days=7");
        assertThat(browser.find("h1").getText()).isEqualTo("Emergency openings to follow up");
        assertThat(browser.find("#emergencies-summary").getText()).isEqualTo("No emergency openings in the last 7 days, all reviewed.");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/residents/" + world.b().residentId());
        assertThat(browser.find("h1").getText()).isEqualTo("Not possible");
        browser.assertAccessible();
        browser.open(base() + "/console/session-expired");
        assertThat(browser.find("h1").getText()).isEqualTo("Session ended");
        browser.assertAccessible();
        browser.open(base() + "/login");
        assertThat(browser.find("h1").getText()).isEqualTo("Sign in");
        browser.assertAccessible();

        browser.open(base() + "/console");
        browser.go("form.inline button");
        assertThat(browser.find("h1").getText()).isEqualTo("Signed out");
        browser.assertAccessible();

        browser.open(base() + "/console/signed-out?lang=sv");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("sv");
        browser.assertAccessible();
    }

    @Test
    void consoleWhenSignedOutThenPagesNeedASignInAgain() {
        TestWorlds.World world = worlds.create();
        signIn(world.a().manager());

        browser.go("form.inline button");
        assertThat(browser.find("h1").getText()).isEqualTo("Utloggad");
        browser.assertAccessible();

        browser.open(base() + "/console/manage/residents");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
    }

    @Test
    void consoleWhenTheSessionHasBeenIdleTooLongThenItHasEndedAndAFormSentFromItChangesNothing() throws InterruptedException {
        TestWorlds.World world = worlds.create();
        signIn(world.a().manager());
        browser.open(base() + "/console/manage/residents/" + world.a().residentId());
        browser.find("#withdraw-reason-" + world.a().consentId()).sendKeys("Flyttat");

        // The session as the servlet container holds it: it ends after the configured 30 minutes without a request.
        // Waiting half an hour is not a test, so this one session's limit is cut to one second; Tomcat then ends it
        // the same way, the first time it is asked for it after that.
        Session session = session(browser.driver().manage().getCookieNamed("JSESSIONID").getValue());
        assertThat(session.getMaxInactiveInterval()).isEqualTo(30 * 60);
        session.setMaxInactiveInterval(1);
        Thread.sleep(1_500);

        browser.go("#consents form button");
        assertThat(browser.find("h1").getText()).isEqualTo("Sessionen har gått ut");
        assertThat(browser.text()).contains("inte har använts på 30 minuter");
        assertThat(jdbc.queryForObject("SELECT withdrawn_at IS NULL FROM consent WHERE id = ?", Boolean.class,
                world.a().consentId())).as("a form sent from an ended session changes nothing").isTrue();
        browser.assertAccessible();

        browser.open(base() + "/console/manage/residents");
        assertThat(browser.driver().getCurrentUrl()).as("the identity provider's sign-in ended with it").endsWith("/login");
        browser.find("#username").sendKeys(world.a().manager());
        browser.find("#password").sendKeys(PASSWORD);
        browser.go("button[type=submit]");
        browser.awaitUrl(base() + "/console/manage/residents");
        assertThat(browser.find("h1").getText()).isEqualTo("Brukare");

        // Signed in again, the same form withdraws the consent, and from then on no grant opens that door.
        browser.open(base() + "/console/manage/residents/" + world.a().residentId());
        browser.find("#withdraw-reason-" + world.a().consentId()).sendKeys("Flyttat");
        browser.go("#consents form button");
        assertThat(browser.text()).contains("Brukaren har inget gällande samtycke", "Flyttat");
        assertThat(jdbc.queryForObject("SELECT withdrawn_at IS NOT NULL FROM consent WHERE id = ?", Boolean.class,
                world.a().consentId())).isTrue();
        browser.assertAccessible();
    }

    private Session session(String id) {
        Context context = (Context) ((TomcatWebServer) web.getWebServer()).getTomcat().getHost().findChildren()[0];
        try {
            return context.getManager().findSession(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs in on the identity provider's form as {@code username}, starting from the console, and lands on its start page. */
    @Test
    void managerWhenAnotherUnitAsksToServeTheirResidentThenDecidesOnTheRequestsPageAndOnlyThenTheOtherUnitServes() {
        TestWorlds.World world = worlds.create();
        var number = TestWorlds.nextNumber();
        UUID resident = residents.register(SYSTEM, "Ebba Lind", number, Set.of(world.a().id())).resident().getId();
        residents.recordConsent(SYSTEM, resident, se.nyckelfri.access.resident.Consent.GivenBy.RESIDENT, LocalDate.of(2026, 1, 1));

        signIn(world.b().manager());
        browser.open(base() + "/console/manage/service-requests");
        assertThat(browser.find("h1").getText()).isEqualTo("Förfrågningar om att ge insatser");
        browser.assertAccessible();
        browser.find("#personalIdentityNumber").sendKeys("19121212-1213");
        browser.go("#ask button");
        assertThat(browser.find(".problem").getText()).startsWith("Det är inte ett giltigt personnummer");
        browser.find("#personalIdentityNumber").sendKeys(number.digits());
        browser.go("#ask button");
        assertThat(browser.find(".notice").getText()).startsWith("Förfrågan är skickad.");
        assertThat(browser.find("#outgoing").getText()).contains("Väntar på beslut", "Visas när det är godkänt").doesNotContain("Ebba");
        browser.assertAccessible();
        browser.open(base() + "/console/manage/residents/" + resident);
        assertThat(browser.text()).doesNotContain("Ebba Lind");

        signIn(world.a().manager());
        browser.open(base() + "/console/manage/service-requests");
        assertThat(browser.find("#incoming").getText()).contains("Ebba Lind", "Unit B");
        browser.assertAccessible();
        browser.find("#incoming form.approve input[type=checkbox]").click();
        browser.go("#incoming form.approve button");
        assertThat(browser.find(".notice").getText()).startsWith("Godkänt");
        assertThat(browser.find("#incoming").getText()).contains("Godkänd");
        browser.assertAccessible();

        signIn(world.b().manager());
        browser.open(base() + "/console/manage/residents/" + resident);
        assertThat(browser.find("h1").getText()).isEqualTo("Ebba Lind");
        assertThat(count("SERVICE_REQUEST_APPROVED")).isPositive();
    }

    private void signIn(String username) {
        jdbc.update("INSERT INTO login_credential (subject, password_hash) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING",
                username, passwords.encode(PASSWORD));
        browser.driver().manage().deleteAllCookies();
        browser.open(base() + "/console");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
        assertThat(browser.find("h1").getText()).isEqualTo("Logga in");
        browser.assertAccessible();
        browser.find("#username").sendKeys(username);
        browser.find("#password").sendKeys(PASSWORD);
        browser.go("button[type=submit]");
        browser.awaitUrl(base() + "/console");
        assertThat(browser.find("h1").getText()).isEqualTo("Start");
        // The style sheet is served and allowed by the page's content security policy (axe checks contrast with it).
        assertThat(browser.find("header.top").getCssValue("background-color")).isEqualTo("rgba(11, 79, 138, 1)");
        browser.assertAccessible();
    }

    private long count(String type) {
        return auditEntries("type = ?", type);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pdfText(Path file) {
        try (PDDocument document = Loader.loadPDF(file.toFile())) {
            return new PDFTextStripper().getText(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Integer refusals() {
        return (int) auditEntries("outcome = 'REFUSED'");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** An alarm centre's event number unique to the world (digits only: references never carry letters). */
    private static String alarmReference(TestWorlds.World world) {
        return "LARM-" + Long.parseLong(tag(world), 16) % 100_000_000L;
    }

    private static String tag(TestWorlds.World world) {
        return world.a().manager().substring(world.a().manager().lastIndexOf('-') + 1);
    }
}
