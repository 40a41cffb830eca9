package se.nyckelfri.platform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.lockupdate.LockUpdates;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.access.unlocking.ReceiptLedger;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.gateway.mqtt.GatewayRelay;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.keys.TrustRoot;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.bluetooth.LockGattServer;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.frame.Chunks;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.Browser;
import se.nyckelfri.platform.testsupport.EmulatedBluetooth;
import se.nyckelfri.platform.testsupport.HomeGateways;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * The staff app as a home-care worker uses it, in headless Chromium at phone size: signs in through the identity
 * provider (authorization code with PKCE), the phone makes and registers its device key, today's list shows the
 * resident; the door opens through the network and locks again; then with the network cut and the home's gateway
 * down the same button opens the door over Web Bluetooth (Chromium's emulation, bridged to the simulated lock's GATT
 * server), a revoked credential is refused at the lock, and back online the carried receipts reach the platform once.
 * Every screen is checked with axe-core in Swedish and English.
 */
class StaffAppBrowserTest extends PlatformIntegrationTest {

    private static final Actor ADMIN = new Actor("test-admin", "U-APP", Role.ADMIN, Set.of(), null);
    private static final String PASSWORD = "correct horse battery";
    private static final Object GATEWAY_ADAPTER = BluetoothEmulator.newAdapter();
    private static final Path SCREENSHOTS = Path.of("target", "app-screenshots");
    private static Browser browser;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    GrantService grants;
    @Autowired
    IssuerKeyRing issuerKeys;
    @Autowired
    TrustRoot trustRoot;
    @Autowired
    GatewayCredentials credentials;
    @Autowired
    EmbeddedBroker broker;
    @Autowired
    MqttGatewayFleetLink fleet;
    @Autowired
    LockUpdates updates;
    @Autowired
    ReceiptLedger ledger;
    @Autowired
    ResidentService residents;
    @Autowired
    AuditTrail trail;

    TestWorlds.World world;
    SimulatedLock lock;
    EmulatedLockService onAir;
    GatewayRelay gateway;
    AccessGrant grant;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.phone();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void aStaffMemberWithAVisitNow() {
        world = worlds.create();
        TestWorlds.Home home = worlds.home(world.a(), "Appgatan 2", kid -> issuerKeys.trusted(kid).orElse(null), trustRoot.publicKey());
        lock = home.lock();
        HomeGateways.Online online = new HomeGateways(broker, credentials, fleet).online(home, GATEWAY_ADAPTER, false);
        onAir = online.onAir();
        gateway = online.gateway();
        grant = grants.grant(ADMIN, TestGrants.once(Instant.now().minusSeconds(60), Duration.ofHours(3)).to(world.a()).purpose("Morgonbesök").request());
    }

    @AfterEach
    void tearDown() {
        network(true);
        gateway.close();
        onAir.close();
    }

    @Test
    void staffWhenOpeningOnlineThenOfflineAtTheDoorThenTheDoorOpensEachWayAndTheReceiptsComeHomeOnce() throws Exception {
        signIn(world.a().staff());
        String door = "#today li.lock[data-lock='" + lock.lockId() + "'] ";
        assertThat(browser.find("#today").getText()).contains("Appgatan 2, lgh 1001", "Kan öppnas nu");
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.find("#offline-keys").getText().startsWith("Offline-nycklar gäller till"));
        String staff = tokens.forSubject(world.a().staff());
        assertThat(api.get("/api/v1/me/devices", staff).body()).as("the phone registered its own key").hasSize(1);
        noTokenInLocalStorage();
        deviceKeyCannotLeaveTheBrowser(api.get("/api/v1/me/devices", staff).body().get(0).get("id").asText());
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("today-sv.png"));
        layoutHoldsAt320PixelsAndDoubleText();

        click(door + "button.open");
        outcome("OPENED", "Dörren är öppen (via nätet).");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("opened-sv.png"));
        click(door + "button.relock");
        outcome("RELOCKED", "Dörren är låst (via nätet).");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
        long online = receipts();
        assertThat(online).as("the opening and the relock, each signed by the lock").isEqualTo(2);
        auditEntries("true"); // the sequencer has caught up
        assertThat(trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.lockId().toString(), null, null, null, -1, 100)))
                .as("the online credential recorded before it was signed, and the offline one the sync brought")
                .extracting(r -> r.event().attributes().getOrDefault("offline", "false")).containsExactlyInAnyOrder("false", "true");
        assertThat(trail.find(new AuditTrail.Query("LOCK_RECEIPT", "lock", lock.lockId().toString(), null, null, null, -1, 100)))
                .as("the lock's receipts in the log").hasSize(2);

        // The home's gateway goes down and the phone loses its network: the same button opens at the door.
        gateway.close();
        network(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("#network").getAttribute("class").equals("offline"));
        try (EmulatedBluetooth air = new EmulatedBluetooth(browser.driver())) {
            air.lockNearby("09:09:09:09:09:01", new LockGattServer(lock, Chunks.MAX_MTU));
            click(door + "button.open");
            outcome("OPENED", "Dörren är öppen (via Bluetooth vid dörren).");
            assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);
            click(door + "button.relock");
            outcome("RELOCKED", "Dörren är låst (via Bluetooth vid dörren).");
            assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);

            // The grant is revoked while the phone is offline; another phone carries the new list to the lock.
            grants.revoke(ADMIN, grant.getId(), "Besöket flyttat");
            await().atMost(Duration.ofSeconds(10)).until(() -> updates.newest().revocations() != null && updates.newest().revocationsRefuse());
            Message.Result taken = (Message.Result) lock.handle(new Message.RevocationUpdate(updates.newest().revocations()));
            ledger.record(lock.lockId(), taken.receipt(), "update"); // the other phone's upload
            click(door + "button.open");
            outcome("LOCK_REFUSED", "Låset nekade att öppna (via Bluetooth vid dörren).");
            assertThat(browser.find("#outcome").getAttribute("data-reason")).isEqualTo("REVOKED");
            assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
            assertThat(air.failures()).isEmpty();
            assertThat(air.operations()).isPositive();
        }
        // Still without a network, the app comes back from its service worker, with today's list and its offline keys.
        browser.driver().navigate().refresh();
        browser.awaitVisible("#today");
        assertThat(browser.driver().executeAsyncScript("const done = arguments[0];"
                + " fetch('/actuator/health', { cache: 'no-store' }).then(() => done('reached'), () => done('no network'))"))
                .as("the page really has no network").isEqualTo("no network");
        assertThat(browser.find("#today").getText()).contains("Appgatan 2, lgh 1001");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("#network").getText()
                .equals("Ingen uppkoppling: dörrar öppnas med Bluetooth vid dörren."));
        assertThat(browser.find("#offline-keys").getText()).startsWith("Offline-nycklar gäller till");
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("offline-sv.png"));
        inEnglish(() -> {
            assertThat(browser.find("#network").getText()).isEqualTo("No connection: doors open over Bluetooth at the door.");
            assertThat(browser.find("#offline-keys").getText()).startsWith("Offline keys valid until");
            assertThat(browser.find("#today").getText()).contains("Appgatan 2, lgh 1001", "Opens now");
        });
        assertThat(receipts()).as("nothing came home from this phone while offline").isEqualTo(online + 1); // the other phone's
        long atTheLock = lock.counter();

        network(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> receipts() == atTheLock);
        Thread.sleep(1000); // a second upload would show now
        assertThat(receipts()).isEqualTo(atTheLock);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT counter) FROM lock_receipt WHERE lock_id = ?", Long.class, lock.lockId()))
                .as("each receipt once, no gap").isEqualTo(atTheLock);
        auditEntries("true"); // the sequencer has caught up
        assertThat(trail.find(new AuditTrail.Query("LOCK_RECEIPT", "lock", lock.lockId().toString(), null, null, null, -1, 100)))
                .as("every receipt the lock signed is in the audit log, once")
                .extracting(r -> r.event().attributes().get("counter")).doesNotHaveDuplicates().hasSize((int) atTheLock);
    }

    @Test
    void staffWhenThePhoneLiesUntouchedForTenMinutesThenTheSessionEndsAndItsTokenIsForgotten() {
        signIn(world.a().staff());
        browser.awaitVisible("#sign-out");
        // Eleven minutes without a touch, set back in the session's record rather than waited for; the app looks
        // every minute.
        browser.driver().executeScript("const s = JSON.parse(sessionStorage.getItem('nyckelfri.session'));"
                + " s.lastActive = Date.now() - 11 * 60 * 1000; sessionStorage.setItem('nyckelfri.session', JSON.stringify(s));");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(75))
                .withMessage(() -> "still signed in; the page shows: " + browser.text())
                .until(d -> !d.findElements(By.cssSelector("#sign-in-again")).isEmpty());
        assertThat(browser.driver().findElements(By.cssSelector("#sign-out"))).as("signed out").isEmpty();
        assertThat(browser.driver().executeScript("return sessionStorage.getItem('nyckelfri.session')"))
                .as("the access token is forgotten").isNull();
        assertThat(browser.find("#sign-in-again").getText()).isEqualTo("Logga in");
    }

    @Test
    void staffWhenAnAlarmCallsThenOpensByEmergencyWithACauseFromTheClosedList() {
        signIn(world.a().staff());
        String door = "#emergencies li.lock[data-lock='" + lock.lockId() + "'] ";
        browser.awaitVisible(door + "select");
        browser.assertAccessible();
        inEnglish(() -> {
            assertThat(browser.find("#emergencies").getText()).contains("Cause", "Emergency open");
            assertThat(new Select(browser.find(door + "select")).getOptions()).extracting(o -> o.getText())
                    .containsExactly("Safety alarm", "Resident does not answer", "Fire, smoke or water", "Other emergency");
        });
        new Select(browser.find(door + "select")).selectByValue("NO_ANSWER");
        browser.assertAccessible();
        click(door + "button.open");
        outcome("OPENED", "Dörren är öppen (via nätet).");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);
        assertThat(jdbc.queryForObject("SELECT cause FROM emergency_opening WHERE lock_id = ?", String.class, lock.lockId()))
                .isEqualTo("NO_ANSWER");
        click(door + "button.relock");
        outcome("RELOCKED", "Dörren är låst (via nätet).");
    }

    @Test
    void staffWhenChoosingEnglishThenEveryScreenSpeaksEnglishAndPassesAxe() {
        signIn(world.a().staff());
        click("#language");
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("h1").getText().equals("Today's visits"));
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(browser.find("#today").getText()).contains("Opens now");
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("today-en.png"));
        String door = "#today li.lock[data-lock='" + lock.lockId() + "'] ";
        click(door + "button.open");
        outcome("OPENED", "The door is open (through the network).");
        browser.assertAccessible();
        click("#report-problem");
        browser.awaitVisible("#report-cause");
        assertThat(browser.find("#report h2").getText()).isEqualTo("Report a problem with the door");
        browser.assertAccessible();
        click(door + "button.relock");
        outcome("RELOCKED", "The door is locked (through the network).");

        // Signing out revokes the token and ends the provider's session: the app is back at its sign-in.
        String token = (String) browser.driver().executeScript("return JSON.parse(sessionStorage.getItem('nyckelfri.session')).accessToken");
        assertThat(api.get("/api/v1/me", token).status()).isEqualTo(200);
        click("#sign-out");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .withMessage(() -> "not signed out; the browser is at " + browser.driver().getCurrentUrl() + " showing: " + browser.text()
                        + "\nits console: " + browser.console())
                .until(d -> !d.findElements(By.cssSelector("#sign-in")).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/me", token).status() == 401);
        assertThat(browser.find("h1").getText()).isEqualTo("Sign in");
        browser.assertAccessible();
        click("#language");
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("h1").getText().equals("Logga in"));
        click("#sign-in");
        browser.awaitVisible("#username"); // the provider asks for the password again
    }

    @Test
    void staffWhenTheBoltJamsThenReportsAProblemWhichTheManagerFollowsUpAndTheAuditorSees() {
        signIn(world.a().staff());
        String door = "#today li.lock[data-lock='" + lock.lockId() + "'] ";
        lock.faults().boltJammed(true);
        click(door + "button.open");
        outcome("BOLT_JAMMED", "Låskolven har fastnat, dörren öppnades inte (via nätet).");
        click("#report-problem");
        browser.awaitVisible("#report-cause");
        assertThat(new Select(browser.find("#report-cause")).getFirstSelectedOption().getAttribute("value")).isEqualTo("BOLT_JAMMED");
        browser.find("#report-note").sendKeys("Kolven tar emot, fick vänta på reservnyckel");
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("report-sv.png"));
        click("#report-send");
        browser.awaitVisible("#notice");
        assertThat(browser.find("#notice").getText()).isEqualTo("Rapporten är skickad till din chef.");
        UUID deviation = jdbc.queryForObject("SELECT id FROM deviation WHERE lock_id = ?", UUID.class, lock.lockId());
        assertThat(jdbc.queryForObject("SELECT error_code FROM deviation WHERE id = ?", String.class, deviation)).isEqualTo("BOLT_JAMMED");

        try (Browser console = new Browser()) {
            consoleSignIn(console, world.a().manager());
            console.open(base() + "/console/manage/deviations");
            String row = "#deviation-" + deviation;
            assertThat(console.find(row).getText()).contains("Appgatan 2, lgh 1001", "Låskolven fastnade",
                    "Kolven tar emot, fick vänta på reservnyckel", "Felkod: BOLT_JAMMED", "Ny");
            console.assertAccessible();
            console.go(row + " form.acknowledge button");
            assertThat(console.find(".notice").getText()).isEqualTo("Avvikelsen är kvitterad.");
            console.find(row + " form.action input[name=action]").sendKeys("Låset bytt av fastighetsägaren");
            console.go(row + " form.action button");
            assertThat(console.find(".notice").getText()).isEqualTo("Åtgärden är sparad.");
            console.go(row + " form.close button");
            assertThat(console.find(row).getText()).contains("Avslutad", "Låset bytt av fastighetsägaren");
            console.assertAccessible();

            consoleSignIn(console, world.auditor());
            console.open(base() + "/console/audit/deviations");
            assertThat(console.find(row).getText()).contains("Avslutad", "Låset bytt av fastighetsägaren");
            assertThat(console.all(row + " form")).as("an auditor reads, never handles").isEmpty();
            console.assertAccessible();
        }
        auditEntries("true"); // the sequencer has caught up
        assertThat(trail.find(new AuditTrail.Query(null, "deviation", deviation.toString(), null, null, null, -1, 100)))
                .extracting(r -> r.event().type())
                .containsExactly("DEVIATION_REPORTED", "DEVIATION_ACKNOWLEDGED", "DEVIATION_ACTIONED", "DEVIATION_CLOSED");
    }

    @Test
    void staffWhenThePhoneIsBlockedOrConsentWithdrawnThenItCannotSyncOrOpenAndTheDoorLeavesTheList() {
        signIn(world.a().staff());
        // The first sync records on the device until when its offline keys run: read the device after it.
        await().atMost(Duration.ofSeconds(20)).ignoreException(StaleElementReferenceException.class).until(() -> browser.find("#offline-keys").getText().startsWith("Offline-nycklar gäller till"));
        String staff = tokens.forSubject(world.a().staff());
        JsonNode device = api.get("/api/v1/me/devices", staff).body().get(0);
        Response blocked = api.post("/api/v1/devices/" + device.get("id").asText() + "/block", tokens.forSubject(world.a().manager()),
                Map.of("reason", "LOST", "version", device.get("version").asLong()));
        assertThat(blocked.status()).as(blocked.raw()).isEqualTo(200);
        browser.open(base() + "/app/");
        browser.awaitVisible("#blocked");
        assertThat(browser.find("#blocked").getText()).contains("Den här telefonen är spärrad");
        browser.assertAccessible();
        click("#today li.lock[data-lock='" + lock.lockId() + "'] button.open");
        outcome("DEVICE_BLOCKED", "Den här telefonen är spärrad.");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
        inEnglish(() -> {
            assertThat(browser.find("#blocked").getText()).contains("This phone is blocked and cannot open doors.",
                    "Talk to your manager if you need a new phone.");
            assertThat(browser.find("#outcome .what").getText()).isEqualTo("This phone is blocked.");
        });
        auditEntries("true");
        assertThat(trail.find(new AuditTrail.Query("ACCESS_REFUSED", "lock", lock.lockId().toString(), null, null, null, -1, 100)))
                .singleElement().satisfies(r -> assertThat(r.event().reason()).isEqualTo("DEVICE_BLOCKED"));
        assertThat(browser.find("#offline-keys").getText()).startsWith("Inga offline-nycklar");

        residents.withdrawConsent(ADMIN, world.a().residentId(), world.a().consentId(), "Vill ha nyckel", 0);
        browser.open(base() + "/app/");
        browser.awaitVisible("#main h1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.text().contains("Appgatan 2"));
        assertThat(browser.text()).contains("Inga besök i dag.");
    }

    @Test
    void staffWhenTheDoorDoesNotOpenThenTheAppSaysWhyInPlainWordsAndWhatToDoNext() {
        signIn(world.a().staff());
        String door = "#today li.lock[data-lock='" + lock.lockId() + "'] ";

        // The lock's battery is flat: the lock signs a refusal, and the app reads its reason.
        lock.battery(0);
        click(door + "button.open");
        outcome("BATTERY_EMPTY", "Låsets batteri är slut, dörren öppnades inte (via nätet).");
        next("Rapportera problemet och följ rutinen för reservnyckel.");
        assertThat(browser.find("#outcome .reason").getText()).isEqualTo("Kod från låset: BATTERY_EMPTY");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
        lock.battery(100);

        // The home's gateway is down while the phone is online: the platform cannot reach the door.
        gateway.close();
        String emergency = "#emergencies li.lock[data-lock='" + lock.lockId() + "'] ";
        new Select(browser.find(emergency + "select")).selectByValue("NO_ANSWER");
        click(emergency + "button.open");
        outcome("NO_ANSWER", "Ingen kontakt med dörren.");
        next("Gå fram till dörren och försök igen; utan nät öppnar appen med Bluetooth.");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);

        // No grant now: the visit was moved to later today.
        grants.revoke(ADMIN, grant.getId(), "Besöket flyttat");
        grants.grant(ADMIN, TestGrants.once(Instant.now().plus(Duration.ofHours(2)), Duration.ofHours(1)).to(world.a())
                .purpose("Kvällsbesök").request());
        click(door + "button.open");
        outcome("NOT_YET_VALID", "Din behörighet har inte börjat än.");
        next("Vänta tills besöket börjar, eller kontakta samordnaren.");

        // The resident withdraws consent while the list is on the screen.
        residents.withdrawConsent(ADMIN, world.a().residentId(), world.a().consentId(), "Vill ha nyckel", 0);
        click(door + "button.open");
        outcome("NO_CONSENT", "Brukaren har inte samtyckt till digitalt lås (eller har återkallat samtycket).");
        next("Kontakta din samordnare.");
        browser.assertAccessible();
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);

        auditEntries("true"); // the sequencer has caught up
        assertThat(trail.find(new AuditTrail.Query("UNLOCK_DENIED", "lock", lock.lockId().toString(), null, null, null, -1, 100)))
                .as("the platform's reasons, which the app put in words").extracting(r -> r.event().reason())
                .containsExactlyInAnyOrder("NOT_YET_VALID", "NO_CONSENT");
    }

    private void consoleSignIn(Browser console, String username) {
        jdbc.update("INSERT INTO login_credential (subject, password_hash) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING",
                username, passwords.encode(PASSWORD));
        console.driver().manage().deleteAllCookies();
        console.open(base() + "/console");
        console.find("#username").sendKeys(username);
        console.find("#password").sendKeys(PASSWORD);
        console.go("button[type=submit]");
        console.awaitUrl(base() + "/console");
    }

    /** What the outcome tells the user to do next, after "Gör så här:". */
    private static void next(String text) {
        assertThat(browser.find("#outcome").getText()).as("the next step").contains("Gör så här: " + text);
    }

    /** Switches the app to English, runs {@code checks} and axe-core there, and switches back to Swedish. */
    private static void inEnglish(Runnable checks) {
        click("#language");
        await().atMost(Duration.ofSeconds(5)).until(() -> "en".equals(browser.find("html").getAttribute("lang"))
                && browser.find("#language").getText().equals("Svenska"));
        checks.run();
        browser.assertAccessible();
        click("#language");
        await().atMost(Duration.ofSeconds(5)).until(() -> "sv".equals(browser.find("html").getAttribute("lang"))
                && browser.find("#language").getText().equals("English"));
    }

    /**
     * No token outlives the tab: nothing in localStorage looks like a JWT (three base64url parts, the first a JSON
     * object), while the tab's sessionStorage does hold the access token (so the pattern finds a token where one is).
     */
    @SuppressWarnings("unchecked")
    private static void noTokenInLocalStorage() {
        Map<String, String> local = (Map<String, String>) browser.driver().executeScript(
                "return Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]));");
        String session = (String) browser.driver().executeScript("return sessionStorage.getItem('nyckelfri.session');");
        String token = (String) browser.driver().executeScript("return JSON.parse(sessionStorage.getItem('nyckelfri.session')).accessToken;");
        Pattern jwt = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
        assertThat(session).as("the session lives in the tab").containsPattern(jwt);
        assertThat(token).matches(jwt);
        local.forEach((key, value) -> {
            assertThat(key + "=" + value).as("localStorage %s", key).doesNotContainPattern(jwt).doesNotContain(token);
        });
    }

    /**
     * The device key in IndexedDB is the one registered for {@code deviceId}; its private half is not extractable, so
     * the browser refuses to export it in any format, and it still signs.
     */
    @SuppressWarnings("unchecked")
    private static void deviceKeyCannotLeaveTheBrowser(String deviceId) {
        Map<String, Object> key = (Map<String, Object>) browser.driver().executeAsyncScript("const done = arguments[0];"
                + " const r = indexedDB.open('nyckelfri-app');"
                + " r.onerror = () => done({ error: String(r.error) });"
                + " r.onsuccess = () => { const db = r.result; const all = db.transaction('devices').objectStore('devices').getAll();"
                + "  all.onerror = () => { db.close(); done({ error: String(all.error) }); };"
                + "  all.onsuccess = async () => { db.close();"
                + "   try {"
                + "    const devices = all.result; const k = devices[0].keyPair.privateKey;"
                + "    const refused = async (format) => { try { await crypto.subtle.exportKey(format, k); return 'exported'; }"
                + "      catch (e) { return e.name; } };"
                + "    const data = new TextEncoder().encode('proof');"
                + "    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, k, data);"
                + "    done({ devices: devices.length, deviceId: devices[0].deviceId, isKey: k instanceof CryptoKey,"
                + "     type: k.type, extractable: k.extractable, algorithm: k.algorithm.name + ' ' + k.algorithm.namedCurve,"
                + "     usages: k.usages, pkcs8: await refused('pkcs8'), jwk: await refused('jwk'),"
                + "     signs: await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, devices[0].keyPair.publicKey, signature, data) });"
                + "   } catch (e) { done({ error: String(e) }); } }; };");
        assertThat(key).as("what the page found in IndexedDB").doesNotContainKey("error")
                .containsEntry("devices", 1L).containsEntry("deviceId", deviceId).containsEntry("isKey", true)
                .containsEntry("type", "private").containsEntry("algorithm", "ECDSA P-256")
                .containsEntry("extractable", false)
                .containsEntry("pkcs8", "InvalidAccessError").containsEntry("jwk", "InvalidAccessError")
                .containsEntry("signs", true);
        assertThat((List<String>) key.get("usages")).containsExactly("sign");
    }

    /**
     * At 320 CSS pixels wide, and then with the text at 200 %, nothing runs off the side and every control is at least
     * 44 × 44 pixels (WCAG 2.1 1.4.4, 1.4.10 and 2.5.5).
     */
    private static void layoutHoldsAt320PixelsAndDoubleText() {
        try {
            browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 320, "height", 700,
                    "deviceScaleFactor", 1, "mobile", false));
            for (String textSize : List.of("100%", "200%")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> layout = (Map<String, Object>) browser.driver().executeScript(
                        "document.documentElement.style.fontSize = arguments[0];"
                        + " const small = [...document.querySelectorAll('button, select, input, textarea, a')]"
                        + "   .filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 && (b.width < 44 || b.height < 44); })"
                        + "   .map(e => e.id || e.className || e.tagName);"
                        + " const edge = document.documentElement.clientWidth + 0.5;"
                        + " const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > edge)"
                        + "   .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));"
                        + " const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
                        + " for (let n = walker.nextNode(); n; n = walker.nextNode()) { const r = document.createRange(); r.selectNodeContents(n);"
                        + "   if (r.getBoundingClientRect().right > edge) wide.push('text \u201c' + n.textContent + '\u201d in ' + n.parentElement.tagName); }"
                        + " return { width: window.innerWidth, wide,"
                        + "   overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, small };",
                        textSize);
                assertThat(((Number) layout.get("width")).intValue()).as("the viewport, wider when these overflow: %s", layout.get("wide"))
                        .isEqualTo(320);
                assertThat(((Number) layout.get("overflow")).intValue()).as("horizontal overflow at 320 px, text %s: %s", textSize, layout.get("wide")).isLessThanOrEqualTo(0);
                assertThat((List<?>) layout.get("small")).as("controls under 44 × 44 px, text %s", textSize).isEmpty();
            }
        } finally {
            browser.driver().executeScript("document.documentElement.style.fontSize = '';");
            browser.phoneSize();
        }
    }

    /** Clicks what {@code css} names, again if the app redrew the page under the click. */
    private static void click(String css) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(By.cssSelector(css)).click();
                    return true;
                });
    }

    private long receipts() {
        return jdbc.queryForObject("SELECT count(*) FROM lock_receipt WHERE lock_id = ?", Long.class, lock.lockId());
    }

    private void outcome(String code, String text) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .withMessage(() -> "no outcome " + code + "; the page shows: " + browser.text() + "\nits HTML: "
                        + browser.driver().getPageSource() + "\nits console: " + browser.console())
                .until(d -> !d.findElements(By.cssSelector("#outcome[data-code='" + code + "']")).isEmpty());
        assertThat(browser.find("#outcome .what").getText()).as("reason %s", browser.find("#outcome").getAttribute("data-reason"))
                .isEqualTo(text);
    }

    private void network(boolean up) {
        browser.driver().executeCdpCommand("Network.enable", Map.of());
        browser.driver().executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !up, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    private void signIn(String username) {
        jdbc.update("INSERT INTO login_credential (subject, password_hash) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING",
                username, passwords.encode(PASSWORD));
        browser.driver().manage().deleteAllCookies();
        // A new phone: nothing left from an earlier test (its session, its device key, its offline keys), cleared
        // from a page of the app's origin that runs none of its script, so no connection holds the database open.
        browser.open(base() + "/app/icon.svg");
        browser.driver().executeAsyncScript("const done = arguments[0]; sessionStorage.clear(); localStorage.clear();"
                + " const r = indexedDB.deleteDatabase('nyckelfri-app'); r.onsuccess = () => done(); r.onerror = () => done();");
        browser.open(base() + "/app/");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .withMessage(() -> "no sign-in; the page shows: " + browser.text() + "\nits console: " + browser.console())
                .until(d -> !d.findElements(By.cssSelector("#sign-in")).isEmpty());
        assertThat(browser.find("h1").getText()).isEqualTo("Logga in");
        assertThat(((Number) browser.driver().executeScript("return window.innerWidth")).intValue()).as("a phone's width")
                .isEqualTo(390);
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("sign-in-sv.png"));
        click("#sign-in");
        browser.awaitVisible("#username");
        browser.find("#username").sendKeys(username);
        browser.find("#password").sendKeys(PASSWORD);
        browser.go("button[type=submit]");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .withMessage(() -> "not signed in; the browser is at " + browser.driver().getCurrentUrl() + " showing: " + browser.text())
                .until(d -> !d.findElements(By.cssSelector("#today")).isEmpty());
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(base() + "/app/");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
