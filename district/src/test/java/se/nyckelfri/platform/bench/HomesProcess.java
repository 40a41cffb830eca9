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
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Homes in a JVM of their own, apart from the platform as they are in a real district: in each home the real gateway
 * code (the relay with its MQTT 5 client and its own broker credentials, one {@link BluetoothLockLink} per lock,
 * optionally the on-disk receipt journal) and the home's simulated locks, all on the JVM's in-process Bluetooth
 * emulator. Started with one home and {@code -Xmx64m}, the JVM's heap is an upper bound on one gateway's own (it also
 * holds the locks and the emulator).
 *
 * <p>Why the locks come along: with the locks in another JVM the gateway would reach them through bluecove-emu's RMI
 * server, whose connect blocks without a timeout under load (tried, see docs/benchmarks.md).
 *
 * <p>The parent ({@link #start}) and the child ({@link #main}) talk over the child's standard streams: the child says
 * {@code READY} once every link is open and every relay is on the broker, answers {@code HEAP} with its heap after a
 * full collection, and stops when its input closes — so it never outlives the benchmark.
 */
final class HomesProcess implements AutoCloseable {

    /** A home: its gateway's broker password and its locks' key pairs. */
    record Home(String password, Map<UUID, KeyPair> locks) { }

    private static final Pattern GC_PAUSE = Pattern.compile("Pause (Young|Full).* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");

    private final String maxHeap;
    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter commands;
    private final Path gcLog;
    private final Path errors;

    private HomesProcess(String maxHeap, Process process, Path gcLog, Path errors) {
        this.maxHeap = maxHeap;
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.gcLog = gcLog;
        this.errors = errors;
    }

    /**
     * Starts a JVM with {@code -Xmx<maxHeap>} (and {@code -Xmn<youngHeap>}, its pages touched at start, unless null) for {@code homes} (by gateway id), their journals collected every
     * {@code collectEvery} ({@code null}: no journal), and waits until they are on the air and on the broker. Passwords, key pairs and the issuer's public keys go to it through files in {@code dir}
     * (secrets mode 600).
     */
    static HomesProcess start(Path dir, String maxHeap, String youngHeap, int brokerPort, Map<UUID, Home> homes,
                              JWKSet issuerKeys, Duration collectEvery) throws IOException {
        Files.createDirectories(dir);
        Properties district = new Properties();
        district.setProperty("broker-port", Integer.toString(brokerPort));
        if (collectEvery != null) {
            district.setProperty("collect-every", collectEvery.toString());
        }
        district.setProperty("homes", String.join(",", homes.keySet().stream().map(UUID::toString).toList()));
        for (Map.Entry<UUID, Home> home : homes.entrySet()) {
            Path homeDir = Files.createDirectories(dir.resolve(home.getKey().toString()));
            district.setProperty(home.getKey() + ".locks",
                    String.join(",", home.getValue().locks().keySet().stream().map(UUID::toString).toList()));
            writeSecret(homeDir.resolve("broker-password"), home.getValue().password().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<UUID, KeyPair> lock : home.getValue().locks().entrySet()) {
                writeSecret(homeDir.resolve(lock.getKey() + ".p8"), lock.getValue().getPrivate().getEncoded());
                Files.write(homeDir.resolve(lock.getKey() + ".pub"), lock.getValue().getPublic().getEncoded());
            }
        }
        try (var out = Files.newBufferedWriter(dir.resolve("homes.properties"))) {
            district.store(out, "homes of the unlock benchmark");
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
        Path errors = dir.resolve("homes.err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog, "-Dlogback.configurationFile=" + logging));
        if (youngHeap != null) {
            // The simulation's young generation is large so that it seldom collects; touched for the first time during a
            // measurement, each of its pages cost a page fault and the kernel's zeroing (an eighth of both cores during the
            // block, profiled with perf): touch them all at start instead.
            command.add("-Xmn" + youngHeap);
            command.add("-XX:+AlwaysPreTouch");
        }
        // Extra JVM options for the homes' JVMs only, for example a profiler agent: -Dbench.homes-jvm="-XX:..."
        String extra = System.getProperty("bench.homes-jvm", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HomesProcess.class.getName(), dir.toString()));
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        HomesProcess started = new HomesProcess(maxHeap, process, gcLog, errors);
        String line = started.answer();
        if (!"READY".equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("the homes' process did not start (" + line + "): " + Files.readString(errors));
        }
        return started;
    }

    private static void writeSecret(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, content);
    }

    /** The child's next protocol line (READY or HEAP ...), past anything else on its stdout (an agent's banner); null at its end. */
    private String answer() throws IOException {
        String line = answers.readLine();
        while (line != null && !line.equals("READY") && !line.startsWith("HEAP ")) {
            line = answers.readLine();
        }
        return line;
    }

    String maxHeap() {
        return maxHeap;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The child's heap after a full collection, as its own MemoryMXBean reports it. */
    MemoryUsage heapAfterFullGc() throws IOException {
        commands.println("HEAP");
        String line = answer();
        if (line == null || !line.startsWith("HEAP ")) {
            throw new IllegalStateException("the homes' process did not answer HEAP (" + line + "): " + errors());
        }
        String[] parts = line.split(" ");
        return new MemoryUsage(-1, Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    }

    /**
     * What the child's GC log says: collections, the highest occupancy before and after one, the largest heap, and
     * the young collections' count and longest pause (the benchmark's own full collections left out).
     */
    record GcLog(int collections, int peakBeforeMb, int peakAfterMb, int committedMb, int youngPauses, double longestYoungPauseMs) { }

    GcLog gcLog() throws IOException {
        int collections = 0;
        int before = 0;
        int after = 0;
        int committed = 0;
        int young = 0;
        double longest = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                collections++;
                before = Math.max(before, Integer.parseInt(m.group(2)));
                after = Math.max(after, Integer.parseInt(m.group(3)));
                committed = Math.max(committed, Integer.parseInt(m.group(4)));
                if (m.group(1).equals("Young")) {
                    young++;
                    longest = Math.max(longest, Double.parseDouble(m.group(5)));
                }
            }
        }
        return new GcLog(collections, before, after, committed, young, longest);
    }

    /** Whatever the child wrote to its standard error (warnings and worse). */
    String errors() throws IOException {
        return Files.readString(errors);
    }

    @Override
    public void close() throws InterruptedException {
        commands.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The child: {@code HomesProcess <dir>}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Properties district = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve("homes.properties"))) {
            district.load(in);
        }
        Map<String, PublicKey> issuer = new HashMap<>();
        for (JWK key : JWKSet.load(dir.resolve("issuer-keys.json").toFile()).getKeys()) {
            issuer.put(key.getKeyID(), ((ECKey) key).toECPublicKey());
        }
        int brokerPort = Integer.parseInt(district.getProperty("broker-port"));
        Duration collectEvery = district.containsKey("collect-every") ? Duration.parse(district.getProperty("collect-every")) : null;
        List<AutoCloseable> running = Collections.synchronizedList(new ArrayList<>());
        // Homes come up in parallel (each link has its own emulated adapter; set-up is serialised per adapter).
        ExecutorService starting = Executors.newFixedThreadPool(8);
        List<Future<GatewayRelay>> relays = new ArrayList<>();
        for (String gateway : district.getProperty("homes").split(",")) {
            relays.add(starting.submit(() -> startHome(dir.resolve(gateway), UUID.fromString(gateway),
                    district.getProperty(gateway + ".locks").split(","), brokerPort, collectEvery, issuer, running)));
        }
        List<GatewayRelay> started = new ArrayList<>();
        for (Future<GatewayRelay> relay : relays) {
            started.add(relay.get());
        }
        starting.shutdown();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!started.stream().allMatch(GatewayRelay::connected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.println(started.stream().allMatch(GatewayRelay::connected) ? "READY" : "NOT CONNECTED");
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
        for (AutoCloseable part : running) {
            try {
                part.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        System.exit(0);
    }

    /** One home: its locks on the air, a link to each opened (as a gateway does when it starts), its relay started. */
    private static GatewayRelay startHome(Path dir, UUID gatewayId, String[] lockIds, int brokerPort, Duration collectEvery,
                                          Map<String, PublicKey> issuer, List<AutoCloseable> running) throws Exception {
        KeyFactory ec = KeyFactory.getInstance("EC");
        Map<UUID, LockLink> links = new HashMap<>();
        for (String id : lockIds) {
            UUID lockId = UUID.fromString(id);
            Flash flash = Flash.inMemory();
            SimulatedLock.provision(flash, new KeyPair(
                    ec.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dir.resolve(id + ".pub")))),
                    ec.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve(id + ".p8"))))));
            EmulatedLockService service = EmulatedLockService.start(new SimulatedLock(lockId, flash, Clock.systemUTC(),
                    kid -> issuer.get(HexFormat.of().formatHex(kid))));
            running.add(service);
            LockLink link = new BluetoothLockLink(service.url(), BluetoothEmulator.newAdapter());
            link.exchange(new Message.StatusRequest(), Duration.ofSeconds(30));
            links.put(lockId, link);
        }
        GatewayRelay relay = new GatewayRelay(new GatewayRelay.Settings(gatewayId, "127.0.0.1", brokerPort,
                Files.readString(dir.resolve("broker-password")),
                collectEvery == null ? null : new ReceiptJournal(dir.resolve("journal")), collectEvery), links);
        relay.start();
        running.add(0, relay);
        return relay;
    }
}
