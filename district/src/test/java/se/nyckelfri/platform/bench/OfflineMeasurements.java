package se.nyckelfri.platform.bench;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.device.DeviceService;
import se.nyckelfri.access.device.StaffDevice;
import se.nyckelfri.access.lockupdate.LockUpdates;
import se.nyckelfri.access.offline.OfflineSync;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.fixtures.issuer.TestDevice;
import se.nyckelfri.lock.fixtures.phone.PhoneAtTheDoor;
import se.nyckelfri.lock.fixtures.phone.RfcommDoorLink;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * The offline figures of the unlock benchmark's run (issue 15): how long a manager's block takes to reach every lock
 * the platform can reach (1,000 locks behind 100 gateways, in their own JVMs), the morning sync's issuance rate next to
 * the raw signing rate, and opening at the door over the emulated Bluetooth link.
 */
final class OfflineMeasurements {

    private static final Actor ADMIN = new Actor("bench", "U-BENCH", Role.ADMIN, Set.of(), null);
    /** How long the platform rests before a block is measured. */
    static final Duration SETTLE = Duration.ofSeconds(Long.getLong("bench.settle-seconds", 3));

    private OfflineMeasurements() {
    }

    /**
     * A staff member's phone syncs (offline credentials for every door), then is blocked. The latency of a lock is the
     * arrival of its answer to the new revocation list at the platform less the moment the block was asked for: the lock
     * refuses the phone from before its answer left. Its signed receipt is recorded in the ledger after that; those
     * times are printed too. A first block of another phone, not measured, warms the path up, as the unlock loads are
     * warmed up before theirs: otherwise the figure is the first revocation list the JIT compilers of both JVMs meet
     * (docs/benchmarks.md).
     */
    static long[] blockToLocks(ConfigurableApplicationContext context, String staffSubject, int locks) throws Exception {
        block(context, staffSubject, "Bench phone (warm-up)");
        return block(context, staffSubject, "Bench phone");
    }

    private static long[] block(ConfigurableApplicationContext context, String staffSubject, String phoneName) throws Exception {
        Actor staff = context.getBean(Accounts.class).find(staffSubject).orElseThrow();
        DeviceService devices = context.getBean(DeviceService.class);
        TestDevice phone = new TestDevice();
        StaffDevice device = devices.register(staff, phoneName, phone.compressed());
        int synced = context.getBean(OfflineSync.class).sync(staff, device.getId()).size();
        // The block is measured on a platform at rest: the unlock loads just before and this sync's 1,000 audit entries
        // are through the sequencer, and the machine has had a moment (the first runs started the block while both
        // cores were still busy with that tail; see docs/benchmarks.md).
        context.getBean(AuditTrail.class).size();
        Thread.sleep(SETTLE.toMillis());
        LockUpdates updates = context.getBean(LockUpdates.class);
        long before = updates.newest().revocationVersion();
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        Instant blocked = Instant.now();
        devices.block(ADMIN, device.getId(), "Benchmark", devices.own(staff, device.getId()).getVersion());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        LockUpdates.Pushed pushed = null;
        while (System.nanoTime() < deadline) {
            pushed = updates.lastRevocationPush();
            if (pushed != null && pushed.version() > before && pushed.answered().size() + pushed.unreachable() >= pushed.locks()) {
                break;
            }
            Thread.sleep(20);
        }
        if (pushed == null || pushed.version() <= before) {
            throw new IllegalStateException("no new revocation list was pushed");
        }
        byte[] id = se.nyckelfri.lock.protocol.update.LockUpdates.updateId(updates.newest().revocations());
        await(jdbc, id, pushed.answered().size());
        List<Long> recorded = jdbc.queryForList(
                "SELECT (extract(epoch FROM received_at - ?::timestamptz) * 1e9)::bigint FROM lock_receipt WHERE credential_id = ? AND outcome = 'UPDATED'",
                Long.class, Timestamp.from(blocked), id);
        long[] sortedRecorded = recorded.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] answered = pushed.answered().stream().mapToLong(t -> Duration.between(blocked, t).toNanos()).sorted().toArray();
        System.out.printf("block (%s): %d offline credentials synced to the phone before; %d of %d reachable locks answered the new list "
                        + "(p99 %.0f ms), %d unreachable; their receipts recorded: p50 %.0f ms, p99 %.0f ms after the block%n", phoneName,
                synced, pushed.answered().size(), pushed.locks(), quantile(answered, 0.99) / 1e6, pushed.unreachable(),
                quantile(sortedRecorded, 0.5) / 1e6, quantile(sortedRecorded, 0.99) / 1e6);
        return answered;
    }

    private static void await(JdbcTemplate jdbc, byte[] id, int receipts) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && jdbc.queryForObject(
                "SELECT count(*) FROM lock_receipt WHERE credential_id = ? AND outcome = 'UPDATED'", Integer.class, (Object) id) < receipts) {
            Thread.sleep(20);
        }
    }

    private static double quantile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    /**
     * The morning sync at the issuer: {@code staff} phones, each {@code doors} device-bound credentials recorded (one
     * transaction per phone, durable before any is signed) and signed, on {@code threads} threads. Credentials per
     * second.
     */
    static double syncRate(ConfigurableApplicationContext context, List<UUID> lockIds, UUID grantId, int staff, int doors,
                           int threads) throws Exception {
        CredentialIssuer issuer = context.getBean(CredentialIssuer.class);
        List<byte[]> keys = new ArrayList<>();
        for (int s = 0; s < 64; s++) {
            keys.add(new TestDevice().compressed());
        }
        Instant from = Instant.now();
        Instant to = from.plus(Duration.ofHours(8));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                Random random = new Random();
                for (int s = next.getAndIncrement(); s < staff; s = next.getAndIncrement()) {
                    List<CredentialIssuer.OfflineRequest> requests = new ArrayList<>(doors);
                    byte[] key = keys.get(s % keys.size());
                    for (int d = 0; d < doors; d++) {
                        requests.add(new CredentialIssuer.OfflineRequest(lockIds.get(random.nextInt(lockIds.size())),
                                "S-BENCH" + s, grantId, key, UUID.randomUUID(), from, to));
                    }
                    issued.addAndGet(issuer.issueOffline(requests, "S-BENCH" + s, claims -> { }).size());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return issued.get() / ((System.nanoTime() - started) / 1e9);
    }

    /**
     * Opening at the door with no network: a phone over RFCOMM on the emulated air asks the lock's status, its
     * challenge, and opens with its offline credential and proof; then locks again. Latency of the opening, in ns.
     */
    static long[] doorOpenings(ConfigurableApplicationContext context, int openings) throws Exception {
        IssuerKeyRing keys = context.getBean(IssuerKeyRing.class);
        UUID lockId = UUID.randomUUID();
        SimulatedLock lock = new SimulatedLock(lockId, Flash.inMemory(), Clock.systemUTC(),
                kid -> keys.trusted(kid).orElse(null));
        TestDevice device = new TestDevice();
        Instant now = Instant.now();
        byte[] credential = context.getBean(CredentialIssuer.class).issueOffline(List.of(new CredentialIssuer.OfflineRequest(
                lockId, "S-BENCHDOOR", UUID.randomUUID(), device.compressed(), UUID.randomUUID(), now.minusSeconds(60),
                now.plus(Duration.ofHours(8)))), "S-BENCHDOOR", claims -> { }).get(0).credential();
        long[] latencies = new long[openings];
        try (EmulatedLockService onAir = EmulatedLockService.start(lock);
             RfcommDoorLink link = new RfcommDoorLink(onAir.url(), Duration.ofSeconds(10))) {
            PhoneAtTheDoor phone = new PhoneAtTheDoor(device.signer());
            for (int i = -50; i < openings; i++) {
                long t = System.nanoTime();
                byte[] receipt = phone.open(link, lockId, credential, PhoneAtTheDoor.Carried.NOTHING);
                long nanos = System.nanoTime() - t;
                if (Receipts.verify(receipt, lock.publicKey()).outcome() != ReceiptClaims.Outcome.OPENED) {
                    throw new IllegalStateException("the door did not open");
                }
                phone.relock(link, credential);
                phone.takeReceipts();
                if (i >= 0) {
                    latencies[i] = nanos;
                }
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }

}
