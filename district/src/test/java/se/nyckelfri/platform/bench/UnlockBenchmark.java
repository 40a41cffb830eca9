package se.nyckelfri.platform.bench;

import com.nimbusds.jose.jwk.source.JWKSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.access.organisation.CareProvider;
import se.nyckelfri.access.organisation.CareProviders;
import se.nyckelfri.access.organisation.CareUnit;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.organisation.Municipalities;
import se.nyckelfri.access.organisation.Municipality;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.Gateway;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.resident.Consent;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffService;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.platform.testsupport.TestPlatforms;
import se.nyckelfri.platform.testsupport.TestTokens;

/**
 * The online unlock under load, with every real part: 50 staff members at once, each opening random doors among
 * 1,000 simulated locks behind 100 gateways, through HTTP (bearer tokens), the decision, the key issuer, the
 * embedded MQTT broker, the gateway relays, BlueCove-emulated RFCOMM and the locks' own checks. The homes run in JVMs
 * apart from the platform's (as gateways are other machines): one home alone with a gateway's heap (64 MB), the
 * other 99 together ({@link HomesProcess}). Goals: p99 ≤ 150 ms, ≥ 300 unlocks/s. In the same run: issuance rate
 * (decision + sign + durable audit; goal ≥ 3,000/s) next to the raw ES256 signing rate, the credential's size, the
 * platform's heap and the gateway's.
 */
public final class UnlockBenchmark {

    private static final int LOCKS = 1000;
    private static final int LOCKS_PER_GATEWAY = 10;
    private static final int STAFF = Integer.getInteger("bench.staff", 50);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 150));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    /** How long issuance and audit appends are measured, and run unmeasured before. */
    private static final Duration RATE_SECONDS = Duration.ofSeconds(10);
    private static final Duration RATE_WARMUP = Duration.ofSeconds(5);
    private static final Duration OPEN_LOOP_WARMUP = Duration.ofSeconds(15);
    /** Offered loads for the latency measurement: the goal's rate, then lower ones (Sweden's morning peak is ~100/s). */
    private static final List<Integer> RATES = Arrays.stream(System.getProperty("bench.rates", "300,200,100")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    private static final Actor ADMIN = new Actor("bench", "U-BENCH", Role.ADMIN, Set.of(), null);

    public static void main(String[] args) throws Exception {
        TestPlatforms.runAndExit("nyckelfri-unlock-bench-", UnlockBenchmark::run);
    }

    private static void run(ConfigurableApplicationContext context) throws Exception {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        var setup = setUp(context);
        List<UUID> lockIds = setup.lockIds();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();

        runLoad(http, port, setup, WARMUP, new ConcurrentLinkedQueue<>(), new AtomicInteger());
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        long started = System.nanoTime();
        runLoad(http, port, setup, MEASURE, latencies, failures);
        double seconds = (System.nanoTime() - started) / 1e9;

        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double perSecond = sorted.length / seconds;
        double p99 = ms(sorted, 0.99);

        // The open loop sends asynchronously, a path of the load generator's HTTP client the closed loop never took:
        // warm it up (unmeasured), or its first seconds measure the load generator's JIT and connection set-up.
        runOpenLoop(http, port, setup, RATES.get(0), OPEN_LOOP_WARMUP);
        Map<Integer, OpenLoop> atRates = new LinkedHashMap<>();
        for (int rate : RATES) {
            atRates.put(rate, runOpenLoop(http, port, setup, rate, MEASURE));
        }
        long[] block = OfflineMeasurements.blockToLocks(context, "bench-staff-0", LOCKS);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        for (HomesProcess homes : List.of(setup.separate(), setup.district())) {
            if (!homes.alive()) {
                throw new IllegalStateException("a homes' JVM died: " + homes.errors());
            }
        }
        MemoryUsage gatewayHeap = setup.separate().heapAfterFullGc();
        HomesProcess.GcLog gatewayGc = setup.separate().gcLog();
        String gatewayErrors = setup.separate().errors();
        HomesProcess.GcLog districtGc = setup.district().gcLog();
        MemoryUsage districtHeap = setup.district().heapAfterFullGc();
        setup.separate().close();
        setup.district().close();

        // Each rate below is measured after a few seconds of the same work unmeasured, as the unlock loads are: profiled
        // with perf, the JIT compiler took a quarter of both cores during an unwarmed issuance phase and a fifth during
        // the morning sync (docs/benchmarks.md).
        issuanceRate(context, lockIds.get(0), setup.grantId(), RATE_WARMUP);
        double issuance = issuanceRate(context, lockIds.get(0), setup.grantId(), RATE_SECONDS);
        auditAppendRate(context, RATE_WARMUP);
        double appends = auditAppendRate(context, RATE_SECONDS);
        double rawSign = rawSignRate();
        OfflineMeasurements.syncRate(context, lockIds, setup.grantId(), 400, 15, 8);
        double sync = OfflineMeasurements.syncRate(context, lockIds, setup.grantId(), 2000, 15, 8);
        long[] door = OfflineMeasurements.doorOpenings(context, 300);
        int size = context.getBean(CredentialIssuer.class).issue(new CredentialIssuer.Request(lockIds.get(0), "S-BENCHSTAFF01",
                setup.grantId(), new byte[16], Duration.ofMinutes(2), "U-BENCH")).credential().length;

        System.out.println();
        System.out.printf("| unlocks (%d staff, %d locks, %d gateways, %.0f s) | %s | %,.0f/s | %d failed |%n",
                STAFF, LOCKS, LOCKS / LOCKS_PER_GATEWAY, seconds, latencyColumns(sorted), perSecond, failures.get());
        System.out.printf("closed loop: unlock p99 / goal (150 ms) = %.2f; throughput / goal (300/s) = %.2f%n", p99 / 150, perSecond / 300);
        atRates.forEach((rate, atRate) -> {
            System.out.printf("| unlocks offered at %d/s (Poisson arrivals, %d staff, latency from the scheduled start, %.0f s) | %s | %,.0f/s completed | %d failed |%n",
                    rate, STAFF, atRate.seconds(), latencyColumns(atRate.sorted()), atRate.sorted().length / atRate.seconds(),
                    atRate.failures());
            System.out.printf("open loop at %d/s: unlock p99 / goal (150 ms) = %.2f; completed rate / goal (300/s) = %.2f%n",
                    rate, ms(atRate.sorted(), 0.99) / 150, atRate.sorted().length / atRate.seconds() / 300);
            System.out.printf("open loop at %d/s, worst latency of the requests scheduled in each second (ms): %s%n", rate,
                    Arrays.stream(atRate.worstPerSecond()).mapToObj(n -> String.format("%.0f", n / 1e6))
                            .collect(Collectors.joining(" ")));
        });
        System.out.printf("issuance (record + sign, 32 threads): %,.0f/s; raw ES256 COSE sign, 1 thread: %,.0f/s; issuance / goal (3,000/s) = %.2f; issuance / raw sign = %.2f%n",
                issuance, rawSign, issuance / 3000, issuance / rawSign);
        System.out.printf("| a blocked phone's revocation list reaches every reachable lock (%d locks, %d gateways; the lock's answer at the platform, after the block was asked for) | %s | %d locks |%n",
                LOCKS, LOCKS / LOCKS_PER_GATEWAY, latencyColumns(block), block.length);
        System.out.printf("block: p99 / goal (2 s) = %.2f%n", ms(block, 0.99) / 2000);
        System.out.printf("offline sync at the issuer (2,000 phones x 15 doors, record then sign, 8 threads): %,.0f credentials/s; / goal (5,000/s) = %.2f; / raw ES256 COSE sign, 1 thread = %.2f%n",
                sync, sync / 5000, sync / rawSign);
        System.out.printf("| offline opening at the door (status, challenge, credential and proof over RFCOMM on the emulated air; %d openings) | %s |%n",
                door.length, latencyColumns(door));
        System.out.printf("door: p99 / goal (300 ms) = %.2f%n", ms(door, 0.99) / 300);
        System.out.printf("durable audit appends alone (appendDurably, 32 threads, batched Merkle log): %,.0f/s%n", appends);
        System.out.printf("credential size: %d bytes (limit 200)%n", size);
        System.out.printf("platform JVM heap in use after the run and a full GC (platform + embedded broker + load generator): %d MB; / limit (512 MB) = %.2f%n",
                heap / (1024 * 1024), heap / (512.0 * 1024 * 1024));
        System.out.printf("the other %d homes' JVM (relays, links, %d simulated locks, emulator; -Xmx%s): heap after a full GC %d MB; "
                        + "%d young collections in the whole run, the longest pause %.1f ms%n",
                LOCKS / LOCKS_PER_GATEWAY - 1, LOCKS - LOCKS_PER_GATEWAY, setup.district().maxHeap(),
                districtHeap.getUsed() / (1024 * 1024), districtGc.youngPauses(), districtGc.longestYoungPauseMs());
        System.out.printf("gateway in its own JVM (-Xmx%s, journal collected every 5 s; with its %d simulated locks and the Bluetooth emulator): %d unlocks opened through it; "
                        + "heap after a full GC %.1f MB (/ limit 64 MB = %.2f); GC log: %d collections, highest occupancy before one %d MB, after one %d MB, heap size %d MB%s%n",
                setup.separate().maxHeap(), LOCKS_PER_GATEWAY, OPENED_THROUGH_SEPARATE.get(), gatewayHeap.getUsed() / (1024.0 * 1024),
                gatewayHeap.getUsed() / (64.0 * 1024 * 1024), gatewayGc.collections(), gatewayGc.peakBeforeMb(),
                gatewayGc.peakAfterMb(), gatewayGc.committedMb(), gatewayErrors.isBlank() ? "" : "; its warnings:\n" + gatewayErrors);
        System.out.printf("machine: %d cores, %s %s; date %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), LocalDate.now());
    }

    /** What the load runs on; unlocks of {@code separateLocks} go through the gateway in {@code separate}'s JVM. */
    record Setup(List<UUID> lockIds, List<String> tokens, UUID grantId, HomesProcess separate, HomesProcess district,
                 Set<UUID> separateLocks) { }

    /** Unlocks that opened a door behind the gateway in its own JVM. */
    private static final AtomicInteger OPENED_THROUGH_SEPARATE = new AtomicInteger();

    private static Setup setUp(ConfigurableApplicationContext context) throws Exception {
        TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        var municipalities = context.getBean(Municipalities.class);
        var providers = context.getBean(CareProviders.class);
        var units = context.getBean(CareUnits.class);
        var staffService = context.getBean(StaffService.class);
        var residents = context.getBean(ResidentService.class);
        var premises = context.getBean(PremisesService.class);
        var grants = context.getBean(GrantService.class);
        var accounts = context.getBean(Accounts.class);
        IssuerKeyRing issuerKeys = context.getBean(IssuerKeyRing.class);
        GatewayCredentials credentials = context.getBean(GatewayCredentials.class);
        EmbeddedBroker broker = context.getBean(EmbeddedBroker.class);
        TestTokens tokenMint = new TestTokens(context.getBean(JWKSource.class));

        long started = System.nanoTime();
        Municipality m = municipalities.saveAndFlush(new Municipality("Benchmark kommun"));
        CareProvider p = providers.saveAndFlush(new CareProvider(m.getId(), "Benchmark omsorg", CareProvider.Kind.MUNICIPAL));
        CareUnit unit = units.saveAndFlush(new CareUnit(p.getId(), "Benchmark team"));
        List<String> tokens = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < STAFF; i++) {
                StaffMember member = staffService.add(ADMIN, unit.getId(), "Staff " + i);
                String subject = "bench-staff-" + i;
                accounts.create(subject, null, Role.STAFF, member.getId(), Set.of());
                tokens.add(subject);
            }
        });
        List<UUID> lockIds = new ArrayList<>();
        Map<UUID, Map<UUID, KeyPair>> byGateway = new LinkedHashMap<>();
        UUID[] grantId = new UUID[1];
        List<WeeklyWindow> always = EnumSet.allOf(DayOfWeek.class).stream()
                .map(d -> new WeeklyWindow(d, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)).toList();
        for (int g = 0; g < LOCKS / LOCKS_PER_GATEWAY; g++) {
            int gatewayNumber = g;
            tx.executeWithoutResult(s -> {
                Gateway gateway = premises.registerGateway(ADMIN, "GW-BENCH-" + gatewayNumber, "Home " + gatewayNumber, null);
                Map<UUID, KeyPair> keys = new HashMap<>();
                for (int l = 0; l < LOCKS_PER_GATEWAY; l++) {
                    UUID resident = residents.register(ADMIN, "Resident " + gatewayNumber + "-" + l, TestWorlds.nextNumber(),
                            Set.of(unit.getId())).resident().getId();
                    residents.recordConsent(ADMIN, resident, Consent.GivenBy.RESIDENT, LocalDate.of(2026, 1, 1));
                    Door door = premises.registerDoor(ADMIN, Door.Kind.FLAT, "Door " + gatewayNumber + "-" + l, Set.of(resident));
                    KeyPair key = P256.generate();
                    LockDevice lock = premises.registerLock(ADMIN, door.getId(), "nyckelfri-sim", "B-" + UUID.randomUUID(),
                            key.getPublic().getEncoded(), gateway.getId());
                    premises.activate(ADMIN, lock.getId(), lock.getVersion());
                    grantId[0] = grants.grant(ADMIN, new GrantService.GrantRequest(resident, AccessGrant.Grantee.team(unit.getId()),
                            GrantKind.RECURRING, always, null, null, null, null, "Benchmark")).getId();
                    keys.put(lock.getId(), key);
                    lockIds.add(lock.getId());
                }
                byGateway.put(gateway.getId(), keys);
            });
        }
        // The homes run apart from the platform, as in a district: the first in a JVM of its own with a gateway's heap
        // and its journal collected every 5 s as the gateway program does; the other 99 together in one JVM, relaying
        // only (as in earlier runs of this benchmark). Each gateway opens its links before it goes online.
        Map<UUID, HomesProcess.Home> homes = new LinkedHashMap<>();
        byGateway.forEach((gateway, keys) -> homes.put(gateway, new HomesProcess.Home(credentials.passwordFor(gateway.toString()), keys)));
        UUID first = homes.keySet().iterator().next();
        Path dir = Path.of(context.getEnvironment().getProperty("nyckelfri.data-dir"));
        HomesProcess separate = HomesProcess.start(dir.resolve("gateway-process"), "64m", null, broker.port(),
                Map.of(first, homes.remove(first)), issuerKeys.publicKeys(), Duration.ofSeconds(5));
        // The 99 homes stand in for 99 gateways and 990 lock controllers, each with a processor of its own; in one JVM a
        // young collection stops all of them at once. Their ES256 arithmetic allocates about 100 MB/s at 400 unlocks/s,
        // and with the JVM's own young sizing that was a 20-60 ms pause every 2 s, each one holding up every unlock in
        // flight. A 2 GB young generation makes it one pause in about 20 s; the machine has the memory.
        HomesProcess district = HomesProcess.start(dir.resolve("district-process"), "3g", "2g", broker.port(), homes,
                issuerKeys.publicKeys(), null);
        System.out.printf("Set up %d locks behind %d gateways (in two JVMs of their own) and %d staff in %.1f s%n", LOCKS,
                byGateway.size(), STAFF, (System.nanoTime() - started) / 1e9);
        return new Setup(lockIds, tokens.stream().map(tokenMint::forSubject).toList(), grantId[0], separate, district,
                Set.copyOf(byGateway.get(first).keySet()));
    }

    private static void runLoad(HttpClient http, int port, Setup setup, Duration duration,
                                ConcurrentLinkedQueue<Long> latencies, AtomicInteger failures) throws Exception {
        List<UUID> locks = setup.lockIds();
        ExecutorService staff = Executors.newFixedThreadPool(STAFF);
        long begin = System.nanoTime();
        long end = begin + duration.toNanos();
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < STAFF; s++) {
            String token = setup.tokens().get(s);
            Random random = new Random(s);
            done.add(staff.submit(() -> {
                while (System.nanoTime() < end) {
                    UUID lock = locks.get(random.nextInt(locks.size()));
                    HttpRequest request = unlockRequest(port, token, lock);
                    long t = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long nanos = System.nanoTime() - t;
                        if (opened(response, lock, setup)) {
                            latencies.add(nanos);
                        } else {
                            if (failures.incrementAndGet() <= 5) {
                                System.out.printf("failed after %.1f s of %s, in %.0f ms: %d %s%n", (t - begin) / 1e9, duration,
                                        nanos / 1e6, response.statusCode(), response.body());
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        staff.shutdown();
    }

    /** A staff app's unlock: bearer token, fresh Idempotency-Key. */
    private static HttpRequest unlockRequest(int port, String token, UUID lock) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/unlocks"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"lockId\":\"" + lock + "\"}")).build();
    }

    /** Only what the lock signed as opened counts as a success; those behind the separate gateway are tallied. */
    private static boolean opened(HttpResponse<String> response, UUID lock, Setup setup) {
        boolean opened = response.statusCode() == 200 && response.body().contains("\"OPENED\"");
        if (opened && setup.separateLocks().contains(lock)) {
            OPENED_THROUGH_SEPARATE.incrementAndGet();
        }
        return opened;
    }

    /** An open-loop run: latencies sorted, failures, its length, and the worst latency of each second (by schedule). */
    record OpenLoop(long[] sorted, int failures, double seconds, long[] worstPerSecond) { }

    /**
     * Offers unlocks at {@code rate} per second for {@code duration}, whatever the answers' speed: arrivals are a
     * Poisson process (independent staff members across a district), each request goes out at its scheduled instant on
     * its own (asynchronous HTTP), and its latency counts from that instant, so a slow answer cannot hold back the
     * next request and hide its own queueing (no coordinated omission). Requests take the staff members' tokens in turn.
     */
    private static OpenLoop runOpenLoop(HttpClient http, int port, Setup setup, int rate, Duration duration)
            throws Exception {
        List<String> tokens = setup.tokens();
        List<UUID> locks = setup.lockIds();
        Random random = new Random(rate);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        AtomicLongArray worst = new AtomicLongArray((int) duration.toSeconds() + 1);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long scheduled = start;
        for (int k = 0; ; k++) {
            scheduled += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
            if (scheduled >= end) {
                break;
            }
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long intended = scheduled;
            UUID lock = locks.get(random.nextInt(locks.size()));
            HttpRequest request = unlockRequest(port, tokens.get(k % tokens.size()), lock);
            sent.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long nanos = System.nanoTime() - intended;
                if (error == null && opened(response, lock, setup)) {
                    latencies.add(nanos);
                    worst.accumulateAndGet((int) ((intended - start) / 1_000_000_000L), nanos, Math::max);
                } else if (failures.incrementAndGet() <= 5) {
                    System.out.println("failed: " + (error != null ? error : response.statusCode() + " " + response.body()));
                }
            }));
        }
        int unanswered = 0;
        for (var f : sent) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                unanswered++;
            } catch (Exception e) {
                // already counted as a failure when it completed
            }
        }
        long[] worstPerSecond = new long[worst.length()];
        for (int i = 0; i < worstPerSecond.length; i++) {
            worstPerSecond[i] = worst.get(i);
        }
        // The rate is over the window in which requests were offered; answers still arriving after it count too.
        return new OpenLoop(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), failures.get() + unanswered,
                duration.toNanos() / 1e9, worstPerSecond);
    }

    private static double issuanceRate(ConfigurableApplicationContext context, UUID lock, UUID grant, Duration duration)
            throws Exception {
        CredentialIssuer issuer = context.getBean(CredentialIssuer.class);
        return rate(32, duration, () -> issuer.issue(new CredentialIssuer.Request(lock, "S-BENCHSTAFF01",
                grant, new byte[16], Duration.ofMinutes(2), "U-BENCH")));
    }

    private static double auditAppendRate(ConfigurableApplicationContext context, Duration duration) throws Exception {
        var audit = context.getBean(AuditLog.class);
        return rate(32, duration, () -> audit.appendDurably(
                AuditEvent.of("BENCH_APPEND", "U-BENCH").subject("bench", "x").build()));
    }

    /** Runs {@code work} on {@code threads} threads for {@code duration}; operations per second over all of them. */
    private static double rate(int threads, Duration duration, Runnable work) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong count = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    work.run();
                    count.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return count.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static double rawSignRate() throws Exception {
        KeyPair key = P256.generate();
        var signer = CoseSign1.signerFor(key.getPrivate());
        byte[] payload = new byte[120];
        for (int i = 0; i < 2000; i++) {
            CoseSign1.sign(new byte[8], payload, signer);
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long count = 0;
        long started = System.nanoTime();
        while (System.nanoTime() < end) {
            CoseSign1.sign(new byte[8], payload, signer);
            count++;
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    /** "p50 … ms | p90 … ms | p99 … ms | max … ms" of sorted latencies in nanoseconds. */
    private static String latencyColumns(long[] sorted) {
        return String.format("p50 %.1f ms | p90 %.1f ms | p99 %.1f ms | max %.1f ms", ms(sorted, 0.5), ms(sorted, 0.9),
                ms(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

}
