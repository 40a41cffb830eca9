package se.nyckelfri.gateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.nyckelfri.gateway.bluetooth.BluetoothLockLink;
import se.nyckelfri.gateway.bluetooth.LockLink;
import se.nyckelfri.gateway.journal.ReceiptJournal;
import se.nyckelfri.gateway.mqtt.GatewayRelay;

/**
 * The gateway in a home as a program of its own (small heap: {@code java -Xmx64m ...}): connects outward to the
 * broker with its own credentials, reaches its locks over Bluetooth RFCOMM, journals their receipts, and runs until
 * stopped. Example:
 * <pre>
 * java -Xmx64m -cp lock-gateway.jar:... se.nyckelfri.gateway.GatewayApplication \
 *   --gateway-id 6f1c... --broker-host mqtt.kommun.example --password-file /etc/nyckelfri/broker-password \
 *   --journal /var/lib/nyckelfri/journal --lock 3cd9...=btspp://0B1000000000:1
 * </pre>
 */
@Command(name = "nyckelfri-gateway", mixinStandardHelpOptions = true,
        description = "Relays between the Nyckelfri backend (MQTT 5) and the locks in this home (Bluetooth).")
public final class GatewayApplication implements Callable<Integer> {

    @Option(names = "--gateway-id", required = true, description = "This gateway's id (its broker user name).")
    UUID gatewayId;

    @Option(names = "--broker-host", defaultValue = "127.0.0.1")
    String brokerHost;

    @Option(names = "--broker-port", defaultValue = "1883")
    int brokerPort;

    @Option(names = "--password-file", required = true, description = "File holding the broker password (mode 600).")
    Path passwordFile;

    @Option(names = "--journal", required = true, description = "Directory of the receipt journal.")
    Path journal;

    @Option(names = "--collect-every", defaultValue = "PT5S", description = "How often to collect receipts (ISO-8601).")
    Duration collectEvery;

    @Option(names = "--lock", description = "A lock: <lock id>=<btspp:// URL>. Repeat for each lock.")
    Map<UUID, String> locks = new HashMap<>();

    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile GatewayRelay relay;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GatewayApplication()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        Map<UUID, LockLink> links = new HashMap<>();
        locks.forEach((id, url) -> links.put(id, new BluetoothLockLink(url, null)));
        relay = new GatewayRelay(new GatewayRelay.Settings(gatewayId, brokerHost, brokerPort, password,
                new ReceiptJournal(journal), collectEvery), links);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "gateway-shutdown"));
        relay.start();
        stop.await();
        relay.close();
        return 0;
    }

    /** Stops a running gateway (as SIGTERM does). */
    public void stop() {
        stop.countDown();
    }

    /** Whether the gateway is connected to its broker now. */
    public boolean connected() {
        GatewayRelay r = relay;
        return r != null && r.connected();
    }

}
