package se.nyckelfri.platform.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.gateway.bluetooth.BluetoothLockLink;
import se.nyckelfri.gateway.journal.ReceiptJournal;
import se.nyckelfri.gateway.mqtt.GatewayRelay;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.access.unlocking.GatewayCredentials;

/**
 * Brings a test home online: its lock on the emulated air and its gateway connected to the platform's broker, the
 * way a home is in the default run. One per test class; the platform's broker, gateway passwords and fleet link.
 */
public final class HomeGateways {

    /** A home online: the lock's Bluetooth service and the gateway relaying to it. Closing stops both. */
    public record Online(EmulatedLockService onAir, GatewayRelay gateway) implements AutoCloseable {
        @Override
        public void close() {
            gateway.close();
            onAir.close();
        }
    }

    private final EmbeddedBroker broker;
    private final GatewayCredentials credentials;
    private final MqttGatewayFleetLink fleet;

    public HomeGateways(EmbeddedBroker broker, GatewayCredentials credentials, MqttGatewayFleetLink fleet) {
        this.broker = broker;
        this.credentials = credentials;
        this.fleet = fleet;
    }

    /**
     * Puts {@code home}'s lock on the air and starts its gateway on the Bluetooth adapter {@code adapter}; with
     * {@code journal}, the gateway keeps the lock's receipts in a journal of its own and collects them every 200 ms.
     * Returns once the gateway and the platform are both connected to the broker.
     */
    public Online online(TestWorlds.Home home, Object adapter, boolean journal) {
        EmulatedLockService onAir = EmulatedLockService.start(home.lock());
        String password = credentials.passwordFor(home.gatewayId().toString());
        GatewayRelay.Settings settings = journal
                ? new GatewayRelay.Settings(home.gatewayId(), "127.0.0.1", broker.port(), password,
                        new ReceiptJournal(temporaryDirectory()), Duration.ofMillis(200))
                : new GatewayRelay.Settings(home.gatewayId(), "127.0.0.1", broker.port(), password);
        GatewayRelay gateway = new GatewayRelay(settings, Map.of(home.lock().lockId(), new BluetoothLockLink(onAir.url(), adapter)));
        gateway.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.connected() && fleet.connected());
        return new Online(onAir, gateway);
    }

    private static java.nio.file.Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("journal-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
