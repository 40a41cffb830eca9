package se.nyckelfri.platform.bench;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    private static final Actor ADMIN = new Actor("bench", "U-BENCH", Role.ADMIN, java.util.Set.of(), null);

    private OfflineMeasurements() {
    }

    /**
     * A staff member's phone syncs (offline credentials for every door), then is blocked; each reachable lock's signed
     * receipt for the new revocation list is recorded as it arrives. The latency of a lock is its receipt's arrival
     * less the block's commit: an upper bound on when it started refusing the phone.
     */
    static long[] blockToLocks(ConfigurableApplicationContext context, String staffSubject, int locks) throws Exception {
        Actor staff = context.getBean(Accounts.class).find(staffSubject).orElseThrow();
        DeviceService devices = context.getBean(DeviceService.class);
        TestDevice phone = new TestDevice();
        StaffDevice device = devices.register(staff, "Bench phone", phone.compressed());
        int synced = context.getBean(OfflineSync.class).sync(staff, device.getId()).size();
        LockUpdates updates = context.getBean(LockUpdates.class);
        long before = updates.newest().revocationVersion();
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        Instant blocked = Instant.now();
        devices.block(ADMIN, device.getId(), "Benchmark", devices.own(staff, device.getId()).getVersion());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        byte[] id = null;
        int arrived = 0;
        while (System.nanoTime() < deadline) {
            LockUpdates.Newest newest = updates.newest();
            if (newest.revocationVersion() > before) {
                id = se.nyckelfri.lock.protocol.update.LockUpdates.updateId(newest.revocations());
                arrived = jdbc.queryForObject("SELECT count(*) FROM lock_receipt WHERE credential_id = ? AND outcome = 'UPDATED'",
                        Integer.class, (Object) id);
                if (arrived >= locks) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        List<Long> latencies = id == null ? List.of() : jdbc.queryForList(
                "SELECT (extract(epoch FROM received_at - ?::timestamptz) * 1e9)::bigint FROM lock_receipt WHERE credential_id = ? AND outcome = 'UPDATED'",
                Long.class, Timestamp.from(blocked), id);
        System.out.printf("block: %d offline credentials synced to the phone before; the new list reached %d of %d locks%n",
                synced, arrived, locks);
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
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
        SimulatedLock lock = new SimulatedLock(lockId, Flash.inMemory(), java.time.Clock.systemUTC(),
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
        java.util.Arrays.sort(latencies);
        return latencies;
    }

}
