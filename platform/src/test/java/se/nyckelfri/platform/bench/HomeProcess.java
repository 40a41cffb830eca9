package se.nyckelfri.platform.bench;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.nyckelfri.gateway.bluetooth.BluetoothLockLink;
import se.nyckelfri.gateway.bluetooth.LockLink;
import se.nyckelfri.gateway.journal.ReceiptJournal;
import se.nyckelfri.gateway.mqtt.GatewayRelay;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.frame.Message;

/**
 * One home in a JVM of its own with a gateway's heap ({@code -Xmx64m}): the real gateway code (the relay with its
 * MQTT 5 client and credentials, one {@link BluetoothLockLink} per lock, the on-disk receipt journal collected every
 * 5 s) together with the home's simulated locks and the in-process Bluetooth emulator they share. The heap this JVM
 * uses is therefore an upper bound on the gateway's own.
 *
 * <p>Why the locks come along: with the locks in the benchmark's JVM the gateway would reach them through
 * bluecove-emu's RMI server, whose connect blocks without a timeout under load (tried, see docs/benchmarks.md).
 *
 * <p>The parent ({@link #start}) and the child ({@link #main}) talk over the child's standard streams: the child says
 * {@code READY} once its links are open and its relay is on the broker, answers {@code HEAP} with its heap after a
 * full collection, and stops when its input closes — so it never outlives the benchmark.
 */
final class HomeProcess implements AutoCloseable {

    static final String MAX_HEAP = "64m";
    private static final Pattern GC_PAUSE = Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter commands;
    private final Path gcLog;
    private final Path errors;

    private HomeProcess(Process process, Path gcLog, Path errors) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.gcLog = gcLog;
        this.errors = errors;
    }

    /**
     * Starts the home's JVM and waits until it is on the air and on the broker. Its locks' key pairs and the issuer's
     * public keys go to it through files in {@code dir} (private keys mode 600).
     */
    static HomeProcess start(Path dir, UUID gatewayId, int brokerPort, String password, Map<UUID, KeyPair> locks,
                             JWKSet issuerKeys) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Properties home = new Properties();
        home.setProperty("gateway", gatewayId.toString());
        home.setProperty("broker-port", Integer.toString(brokerPort));
        home.setProperty("locks", String.join(",", locks.keySet().stream().map(UUID::toString).toList()));
        try (var out = Files.newBufferedWriter(dir.resolve("home.properties"))) {
            home.store(out, "one home of the unlock benchmark");
        }
        writeSecret(dir.resolve("broker-password"), password.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<UUID, KeyPair> lock : locks.entrySet()) {
            writeSecret(dir.resolve(lock.getKey() + ".p8"), lock.getValue().getPrivate().getEncoded());
            Files.write(dir.resolve(lock.getKey() + ".pub"), lock.getValue().getPublic().getEncoded());
        }
        Files.writeString(dir.resolve("issuer-keys.json"), issuerKeys.toString(true));
        Path logging = dir.resolve("logback.xml");
        Files.writeString(logging, """
                <configuration>
                  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d %-5level [%thread] %logger{20}: %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="err"/></root>
                </configuration>
                """);
        Path gcLog = dir.resolve("gc.log");
        Path errors = dir.resolve("home.err");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + MAX_HEAP, "-Xlog:gc:file=" + gcLog, "-Dlogback.configurationFile=" + logging,
                "-cp", System.getProperty("java.class.path"), HomeProcess.class.getName(), dir.toString());
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        HomeProcess started = new HomeProcess(process, gcLog, errors);
        String line = started.answers.readLine();
        if (!"READY".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("the home process did not start (" + line + "): "
                    + Files.readString(errors));
        }
        return started;
    }

    private static void writeSecret(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The child's heap after a full collection, as its own MemoryMXBean reports it. */
    MemoryUsage heapAfterFullGc() throws IOException {
        commands.println("HEAP");
        String line = answers.readLine();
        if (line == null || !line.startsWith("HEAP ")) {
            throw new IllegalStateException("the home process did not answer HEAP (" + line + "): " + Files.readString(errors));
        }
        String[] parts = line.split(" ");
        return new MemoryUsage(-1, Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    }

    /** What the child's GC log says: collections, the highest occupancy before and after one, the largest heap. */
    record GcLog(int collections, int peakBeforeMb, int peakAfterMb, int committedMb) { }

    GcLog gcLog() throws IOException {
        int collections = 0;
        int before = 0;
        int after = 0;
        int committed = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                collections++;
                before = Math.max(before, Integer.parseInt(m.group(1)));
                after = Math.max(after, Integer.parseInt(m.group(2)));
                committed = Math.max(committed, Integer.parseInt(m.group(3)));
            }
        }
        return new GcLog(collections, before, after, committed);
    }

    /** Whatever the child wrote to its standard error (warnings and worse). */
    String errors() throws IOException {
        return Files.readString(errors);
    }

    @Override
    public void close() throws InterruptedException {
        commands.close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The child: {@code HomeProcess <dir>}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Properties home = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("home.properties"))) {
            home.load(in);
        }
        Map<String, PublicKey> issuer = new HashMap<>();
        for (JWK key : JWKSet.load(dir.resolve("issuer-keys.json").toFile()).getKeys()) {
            issuer.put(key.getKeyID(), ((ECKey) key).toECPublicKey());
        }
        KeyFactory ec = KeyFactory.getInstance("EC");
        Map<UUID, LockLink> links = new HashMap<>();
        List<AutoCloseable> onAir = new ArrayList<>();
        for (String id : home.getProperty("locks").split(",")) {
            UUID lockId = UUID.fromString(id);
            Flash flash = Flash.inMemory();
            SimulatedLock.provision(flash, new KeyPair(
                    ec.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dir.resolve(id + ".pub")))),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve(id + ".p8"))))));
            EmulatedLockService service = EmulatedLockService.start(new SimulatedLock(lockId, flash, Clock.systemUTC(),
                    kid -> issuer.get(HexFormat.of().formatHex(kid))));
            onAir.add(service);
            LockLink link = new BluetoothLockLink(service.url(), BluetoothEmulator.newAdapter());
            link.exchange(new Message.StatusRequest(), Duration.ofSeconds(10));
            links.put(lockId, link);
        }
        GatewayRelay relay = new GatewayRelay(new GatewayRelay.Settings(UUID.fromString(home.getProperty("gateway")),
                "127.0.0.1", Integer.parseInt(home.getProperty("broker-port")),
                Files.readString(dir.resolve("broker-password")), new ReceiptJournal(dir.resolve("journal")),
                Duration.ofSeconds(5)), links);
        relay.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!relay.connected() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.println(relay.connected() ? "READY" : "NOT CONNECTED");
        System.out.flush();
        BufferedReader parent = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = parent.readLine()) != null) {
            if (line.equals("HEAP")) {
                System.gc();
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.println("HEAP " + heap.getUsed() + " " + heap.getCommitted() + " " + heap.getMax());
                System.out.flush();
            }
        }
        relay.close();
        for (AutoCloseable service : onAir) {
            service.close();
        }
        System.exit(0);
    }
}
