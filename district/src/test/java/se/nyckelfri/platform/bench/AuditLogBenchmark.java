package se.nyckelfri.platform.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.entry.Entry;
import se.nyckelfri.audit.entry.EntryCodec;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.store.Checkpointer;
import se.nyckelfri.audit.store.Fingerprints;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.audit.verifier.AuditVerifier;
import se.nyckelfri.audit.witness.Witness;
import se.nyckelfri.platform.testsupport.TestPlatforms;
import se.nyckelfri.platform.testsupport.TestTokens;

/**
 * The tamper-evident log's goals, in one run on one machine (docs/benchmarks.md): sustained durable appends next
 * to a raw batched INSERT of the same rows into the same database; append-to-cosigned-checkpoint latency;
 * inclusion-proof latency at 10 million entries; fsck speed; bytes stored per entry.
 */
public final class AuditLogBenchmark {

    private static final Duration SUSTAIN = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    private static final long BIG = Long.getLong("bench.entries", 10_000_000L);
    private static final int IN_FLIGHT = 4096;

    private AuditLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TestPlatforms.runAndExit("nyckelfri-audit-bench-", AuditLogBenchmark::run);
    }

    private static void run(ConfigurableApplicationContext context) throws Exception {
        MerkleAuditLog log = context.getBean(MerkleAuditLog.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        Random random = new Random(1);
        List<String> locks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            locks.add(UUID.randomUUID().toString());
        }

        sustained(log, locks, Duration.ofSeconds(5), null);   // warm-up
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        double appends = sustained(log, locks, SUSTAIN, latencies);
        long[] checkpointLatency = latencies.stream().mapToLong(Long::longValue).sorted().toArray();

        // The raw baseline needs a table of its own, which only the schema owner may create.
        se.nyckelfri.platform.database.EmbeddedPostgresServer server = context.getBean(se.nyckelfri.platform.database.EmbeddedPostgresServer.class);
        DataSource owner = new org.springframework.jdbc.datasource.DriverManagerDataSource(server.jdbcUrl(), server.username(), "");
        double raw = rawBatchedInsert(owner, new JdbcTemplate(owner), locks, SUSTAIN);

        System.out.println();
        System.out.printf("| durable appends, sustained %d s (%d in flight) | %,.0f/s | goal >= 20,000/s: ratio %.2f |%n",
                SUSTAIN.toSeconds(), IN_FLIGHT, appends, appends / 20_000);
        System.out.printf("| raw batched INSERT of the same rows (256 per transaction, same table shape and indexes) | %,.0f/s | appends / raw = %.2f (goal >= 0.40) |%n",
                raw, appends / raw);
        System.out.printf("| append -> published cosigned checkpoint (%d samples) | p50 %.0f ms | p99 %.0f ms | max %.0f ms | goal p99 <= 1000 ms: ratio %.2f |%n",
                checkpointLatency.length, ms(checkpointLatency, 0.5), ms(checkpointLatency, 0.99),
                ms(checkpointLatency, 1.0), ms(checkpointLatency, 0.99) / 1000);

        // Grow the log to BIG entries by bulk-loading realistic entries (COPY), then let the platform's own
        // integrator tile them and its checkpointer get them cosigned.
        long start = log.size();
        long loadStarted = System.nanoTime();
        bulkLoad(context.getBean(DataSource.class), start, BIG - start, locks, random);
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        // One ordinary append after the load: the sequencer continues after it and wakes the integrator.
        log.appendDurably(AuditEvent.of("BENCH_LOADED", "U-BENCH").subject("bench", "loaded").build());
        long integrateStarted = System.nanoTime();
        Checkpointer.Published big = log.awaitCheckpoint(Duration.ofMinutes(30));
        double integrateSeconds = (System.nanoTime() - integrateStarted) / 1e9;
        System.out.printf("| bulk load to %,d entries (COPY) | %.0f s | integrated and cosigned in %.0f s (%,.0f entries/s) |%n",
                big.size(), loadSeconds, integrateSeconds, (big.size() - start) / integrateSeconds);

        long[] proofs = new long[20_000];
        for (int i = 0; i < 2_000; i++) {
            log.inclusionProof(random.nextLong(big.size()), big.size());
        }
        for (int i = 0; i < proofs.length; i++) {
            long idx = random.nextLong(big.size());
            long t = System.nanoTime();
            List<byte[]> proof = log.inclusionProof(idx, big.size());
            proofs[i] = System.nanoTime() - t;
            if (i % 1000 == 0 && !Proofs.verifyInclusion(idx, big.size(), Hashes.leaf(log.entryBytes(idx).orElseThrow()), proof,
                    big.root()).ok()) {
                throw new IllegalStateException("a proof did not verify");
            }
        }
        java.util.Arrays.sort(proofs);
        System.out.printf("| inclusion proof at %,d entries (%,d random entries, from tiles in PostgreSQL) | p50 %.2f ms | p99 %.2f ms | max %.2f ms | goal p99 <= 5 ms: ratio %.2f |%n",
                big.size(), proofs.length, ms(proofs, 0.5), ms(proofs, 0.99), ms(proofs, 1.0), ms(proofs, 0.99) / 5);

        Map<String, Object> sizes = jdbc.queryForMap("""
                SELECT pg_total_relation_size('audit_entry') AS entries, pg_total_relation_size('audit_tile') AS tiles,
                       pg_total_relation_size('audit_checkpoint') AS checkpoints""");
        long bytes = ((Number) sizes.get("entries")).longValue() + ((Number) sizes.get("tiles")).longValue()
                + ((Number) sizes.get("checkpoints")).longValue();
        double average = jdbc.queryForObject("SELECT avg(octet_length(entry)) FROM audit_entry WHERE idx < 100000", Double.class);
        System.out.printf("| bytes stored per entry (entries with indexes + tiles + checkpoints) | %.0f | entry itself %.0f bytes on average | goal <= 600: ratio %.2f |%n",
                (double) bytes / big.size(), average, (double) bytes / big.size() / 600);

        context.getBean(Accounts.class).create("bench-auditor", "U-BENCHAUDIT", Role.AUDITOR, null, Set.of());
        @SuppressWarnings("unchecked")
        String token = new TestTokens(context.getBean(com.nimbusds.jose.jwk.source.JWKSource.class)).forSubject("bench-auditor");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new AuditVerifier());
        cli.setOut(new PrintWriter(out));
        long cpuBefore = processCpuNanos();
        long fsckStarted = System.nanoTime();
        int code = cli.execute("fsck", "--log", "http://localhost:" + context.getEnvironment().getProperty("local.server.port")
                + "/api/v1/audit/log", "--token", token, "--log-key", context.getBean(NoteSigner.class).key().vkey(),
                "--witness-key", context.getBean(Witness.class).key().vkey());
        double fsckSeconds = (System.nanoTime() - fsckStarted) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        System.out.printf("| fsck of the whole log over HTTP (verifier and platform in one process) | %s | %,.0f entries/s wall; %,.0f entries per CPU-second of the process (verifier + server) | goal >= 300,000/s per core: ratio %.2f |%n",
                out.toString().trim().replace('\n', ' '), big.size() / fsckSeconds, big.size() / cpuSeconds, big.size() / cpuSeconds / 300_000);
        if (code != 0) {
            throw new IllegalStateException("fsck failed");
        }
        System.out.printf("machine: %d cores, %s %s; date %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), LocalDate.now());
    }

    /** Appends from producers keeping IN_FLIGHT appends outstanding; samples append-to-checkpoint latency. */
    private static double sustained(MerkleAuditLog log, List<String> locks, Duration duration,
                                    ConcurrentLinkedQueue<Long> latencies) throws Exception {
        Semaphore window = new Semaphore(IN_FLIGHT);
        AtomicLong acknowledged = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        Thread watcher = new Thread(() -> {
            List<long[]> open = new ArrayList<>();
            while (sampling.get() || !open.isEmpty() || !samples.isEmpty()) {
                long[] s;
                while ((s = samples.poll()) != null) {
                    open.add(s);
                }
                long published = log.latestCheckpoint().map(Checkpointer.Published::size).orElse(0L);
                long now = System.nanoTime();
                open.removeIf(sample -> {
                    if (sample[0] >= 0 && sample[0] < published) {
                        if (latencies != null) {
                            latencies.add(now - sample[1]);
                        }
                        return true;
                    }
                    return false;
                });
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        Random random = new Random(2);
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        long n = 0;
        while (System.nanoTime() < end) {
            window.acquire();
            String lock = locks.get(random.nextInt(locks.size()));
            long[] sample = n++ % 200 == 0 ? new long[] {-1, System.nanoTime()} : null;
            CompletableFuture<Long> done = log.appendDurablyAsync(event(lock, n));
            done.whenComplete((idx, e) -> {
                window.release();
                if (e == null) {
                    acknowledged.incrementAndGet();
                    if (sample != null) {
                        sample[0] = idx;
                        samples.add(sample);
                    }
                }
            });
        }
        window.acquire(IN_FLIGHT);
        double seconds = (System.nanoTime() - started) / 1e9;
        sampling.set(false);
        watcher.join(30_000);
        return acknowledged.get() / seconds;
    }

    private static AuditEvent event(String lock, long n) {
        return AuditEvent.of("LOCK_RECEIPT", "lock:" + lock).subject("lock", lock).outcome("OPENED", null)
                .attribute("counter", n).attribute("battery", 87).attribute("via", "unlock")
                .attribute("credential", "9f1c2e4b7a0d3c5e8f1a2b3c4d5e6f70")
                .attribute("receipt_sha256", "3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c").build();
    }

    /** The same rows (shape, sizes, indexes) inserted raw: JDBC batches of 256, one transaction each, one thread. */
    private static double rawBatchedInsert(DataSource data, JdbcTemplate jdbc, List<String> locks, Duration duration) throws Exception {
        jdbc.execute("CREATE TABLE bench_raw (LIKE audit_entry INCLUDING ALL)");
        Random random = new Random(3);
        long rows = 0;
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_raw (idx, entry, recorded_at, type, actor_key, "
                    + "subject_kind, subject_key, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 256; i++) {
                        String lock = locks.get(random.nextInt(locks.size()));
                        byte[] entry = EntryCodec.encode(toEntry(event(lock, rows), rows - 1));
                        insert.setLong(1, rows++);
                        insert.setBytes(2, entry);
                        insert.setTimestamp(3, Timestamp.from(Instant.now()));
                        insert.setString(4, "LOCK_RECEIPT");
                        insert.setLong(5, Fingerprints.of("lock:" + lock));
                        insert.setString(6, "lock");
                        insert.setLong(7, Fingerprints.of(lock));
                        insert.setString(8, "OPENED");
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    c.commit();
                }
            }
        }
        double rate = rows / ((System.nanoTime() - started) / 1e9);
        jdbc.execute("DROP TABLE bench_raw");
        return rate;
    }

    private static Entry toEntry(AuditEvent e, long previous) {
        return new Entry(Instant.now(), e.type(), e.actor(), e.subjectKind(), e.subjectId(), e.outcome(), "",
                Math.max(-1, previous), e.attributes(), List.of());
    }

    /** COPY {@code count} realistic entries after index {@code start} (each naming the previous entry of its lock). */
    private static void bulkLoad(DataSource data, long start, long count, List<String> locks, Random random) throws Exception {
        try (Connection c = data.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long[] last = new long[locks.size()];
            java.util.Arrays.fill(last, -1);
            long loaded = 0;
            while (loaded < count) {
                int chunk = (int) Math.min(200_000, count - loaded);
                StringBuilder csv = new StringBuilder(chunk * 500);
                for (int i = 0; i < chunk; i++) {
                    long idx = start + loaded + i;
                    int l = random.nextInt(locks.size());
                    String lock = locks.get(l);
                    Instant time = Instant.parse("2026-01-01T00:00:00Z").plusMillis(idx * 3);
                    AuditEvent e = event(lock, idx);
                    byte[] entry = EntryCodec.encode(new Entry(time, e.type(), e.actor(), "lock", lock, "OPENED", "",
                            last[l], e.attributes(), List.of()));
                    last[l] = idx;
                    csv.append(idx).append(",\\x").append(java.util.HexFormat.of().formatHex(entry)).append(',')
                            .append(time).append(",LOCK_RECEIPT,").append(Fingerprints.of("lock:" + lock)).append(",lock,")
                            .append(Fingerprints.of(lock)).append(",OPENED\n");
                }
                copy.copyIn("COPY audit_entry (idx, entry, recorded_at, type, actor_key, subject_kind, subject_key, outcome) FROM STDIN (FORMAT csv)",
                        new java.io.StringReader(csv.toString()));
                loaded += chunk;
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
