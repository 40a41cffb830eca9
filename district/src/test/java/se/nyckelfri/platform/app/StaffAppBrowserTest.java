package se.nyckelfri.platform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.lockupdate.LockUpdates;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.access.unlocking.ReceiptLedger;
import se.nyckelfri.gateway.bluetooth.BluetoothLockLink;
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
import se.nyckelfri.platform.testsupport.Browser;
import se.nyckelfri.platform.testsupport.EmulatedBluetooth;
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
        onAir = EmulatedLockService.start(lock);
        gateway = new GatewayRelay(new GatewayRelay.Settings(home.gatewayId(), "127.0.0.1", broker.port(),
                credentials.passwordFor(home.gatewayId().toString())), Map.of(lock.lockId(), new BluetoothLockLink(onAir.url(), GATEWAY_ADAPTER)));
        gateway.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.connected() && fleet.connected());
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
        String door = "li.lock[data-lock='" + lock.lockId() + "'] ";
        assertThat(browser.find("#today").getText()).contains("Appgatan 2, lgh 1001", "Kan öppnas nu");
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.find("#offline-keys").getText().startsWith("Offline-nycklar gäller till"));
        String staff = tokens.forSubject(world.a().staff());
        assertThat(api.get("/api/v1/me/devices", staff).body()).as("the phone registered its own key").hasSize(1);
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("today-sv.png"));

        browser.find(door + "button.open").click();
        outcome("OPENED", "Dörren är öppen (via nätet).");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("opened-sv.png"));
        browser.find(door + "button.relock").click();
        outcome("RELOCKED", "Dörren är låst (via nätet).");
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
        long online = receipts();
        assertThat(online).as("the opening and the relock, each signed by the lock").isEqualTo(2);

        // The home's gateway goes down and the phone loses its network: the same button opens at the door.
        gateway.close();
        network(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("#network").getAttribute("class").equals("offline"));
        try (EmulatedBluetooth air = new EmulatedBluetooth(browser.driver())) {
            air.lockNearby("09:09:09:09:09:01", new LockGattServer(lock, Chunks.MAX_MTU));
            browser.find(door + "button.open").click();
            outcome("OPENED", "Dörren är öppen (via Bluetooth vid dörren).");
            assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);
            browser.find(door + "button.relock").click();
            outcome("RELOCKED", "Dörren är låst (via Bluetooth vid dörren).");
            assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);

            // The grant is revoked while the phone is offline; another phone carries the new list to the lock.
            grants.revoke(ADMIN, grant.getId(), "Besöket flyttat");
            await().atMost(Duration.ofSeconds(10)).until(() -> updates.newest().revocations() != null && updates.newest().revocationsRefuse());
            Message.Result taken = (Message.Result) lock.handle(new Message.RevocationUpdate(updates.newest().revocations()));
            ledger.record(lock.lockId(), taken.receipt(), "update"); // the other phone's upload
            browser.find(door + "button.open").click();
            outcome("LOCK_REFUSED", "Låset nekade att öppna (via Bluetooth vid dörren).");
            assertThat(browser.find("#outcome").getAttribute("data-reason")).isEqualTo("REVOKED");
            assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
            assertThat(air.failures()).isEmpty();
            assertThat(air.operations()).isPositive();
        }
        assertThat(receipts()).as("nothing came home from this phone while offline").isEqualTo(online + 1); // the other phone's
        long atTheLock = lock.counter();

        network(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> receipts() == atTheLock);
        Thread.sleep(1000); // a second upload would show now
        assertThat(receipts()).isEqualTo(atTheLock);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT counter) FROM lock_receipt WHERE lock_id = ?", Long.class, lock.lockId()))
                .as("each receipt once, no gap").isEqualTo(atTheLock);
    }

    @Test
    void staffWhenChoosingEnglishThenEveryScreenSpeaksEnglishAndPassesAxe() {
        signIn(world.a().staff());
        browser.find("#language").click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("h1").getText().equals("Today's visits"));
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(browser.find("#today").getText()).contains("Opens now");
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("today-en.png"));
        browser.find("#language").click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.find("h1").getText().equals("Dagens besök"));
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
        browser.open(base() + "/app/");
        // A new phone: nothing left from an earlier test (its session, its device key, its offline keys).
        browser.driver().executeAsyncScript("const done = arguments[0]; sessionStorage.clear(); localStorage.clear();"
                + " const r = indexedDB.deleteDatabase('nyckelfri-app'); r.onsuccess = r.onerror = r.onblocked = () => done();");
        browser.open(base() + "/app/");
        browser.awaitVisible("#sign-in");
        assertThat(browser.find("h1").getText()).isEqualTo("Logga in");
        browser.assertAccessible();
        browser.screenshot(SCREENSHOTS.resolve("sign-in-sv.png"));
        browser.find("#sign-in").click();
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
