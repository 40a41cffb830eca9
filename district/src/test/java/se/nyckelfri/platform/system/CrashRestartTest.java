package se.nyckelfri.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine;
import se.nyckelfri.audit.verifier.AuditVerifier;
import se.nyckelfri.platform.NyckelfriPlatform;
import se.nyckelfri.platform.testsupport.Api;
import se.nyckelfri.platform.testsupport.TestProcesses;

/**
 * The operator's crash drill, on the default run (demo district, simulated homes, embedded PostgreSQL and broker) in
 * a process of its own: in the middle of a burst of grant changes the platform's process is killed with SIGKILL from
 * outside, then started again on the same data folder. Each time it must serve again within 30 s, with every grant
 * it acknowledged present, each with exactly one audit entry, and the log verifying from outside (fsck against the
 * witnessed checkpoint). Three times in a row the JVM alone (once with the database's watchdog killed too, which
 * leaves PostgreSQL running, orphaned, as in the field report), then three times in a row the JVM and PostgreSQL
 * together, as a power cut would.
 * The platform's log is kept in the temporary folder when run with {@code -DkeepCrashDrill=true}.
 */
class CrashRestartTest {

    private static final Duration SERVES_AGAIN_WITHIN = Duration.ofSeconds(30);

    private enum Kill { JVM, JVM_AND_WATCHDOG, JVM_AND_POSTGRESQL }

    private final Path data = createDirectory();
    private final int port = freePort();
    private final int brokerPort = freePort();
    private final Api api = new Api("http://localhost:" + port);
    private Process platform;

    @AfterEach
    void stopAndRemove() throws Exception {
        if (platform != null && platform.isAlive()) {
            platform.destroy();   // SIGTERM: a clean stop, database and watchdog included
            if (!platform.waitFor(60, TimeUnit.SECONDS)) {
                kill(Kill.JVM_AND_POSTGRESQL);
            }
        }
        if (!Boolean.getBoolean("keepCrashDrill")) {
            FileSystemUtils.deleteRecursively(data.getParent());
        }
    }

    @Test
    void platformWhenKilledMidBurstThenServesWithin30sWithEveryAcknowledgedGrantAndItsAuditEntry() throws Exception {
        start();
        awaitReady(Duration.ofMinutes(4));   // the first start also creates the demo district
        List<String> acknowledged = new ArrayList<>();
        for (Kill kill : List.of(Kill.JVM, Kill.JVM_AND_WATCHDOG, Kill.JVM,
                Kill.JVM_AND_POSTGRESQL, Kill.JVM_AND_POSTGRESQL, Kill.JVM_AND_POSTGRESQL)) {
            acknowledged.addAll(burstThenKill(kill, 150));
            long started = System.nanoTime();
            start();
            awaitReady(Duration.ofSeconds(90));
            Duration servesAgain = Duration.ofNanos(System.nanoTime() - started);
            String manager = signIn("manager.centrum");
            assertThat(api.get("/api/v1/organisation", manager).status()).isEqualTo(200);
            assertThat(servesAgain).as("serving again after " + kill + " (%d ms)", servesAgain.toMillis())
                    .isLessThanOrEqualTo(SERVES_AGAIN_WITHIN);
            everyAcknowledgedGrantWithExactlyOneAuditEntry(acknowledged, manager);
            logVerifiesFromOutside();
            System.out.printf("crash drill: killed %s; serving again in %d ms (limit %d ms); %d acknowledged grants so far, "
                    + "each with one audit entry; fsck OK%n", kill, servesAgain.toMillis(), SERVES_AGAIN_WITHIN.toMillis(),
                    acknowledged.size());
        }
        stopsCleanlyAndQuietlyOnSigterm();
    }

    /** A supervisor's stop (SIGTERM): exit status 143, the database stopped, and no error or warning on the way out. */
    private void stopsCleanlyAndQuietlyOnSigterm() throws Exception {
        Path log = data.getParent().resolve("platform.log");
        long before = Files.size(log);
        long postmaster = postmasterPid();
        platform.destroy();
        assertThat(platform.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(platform.exitValue()).isEqualTo(143);
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(data.resolve("postgres/postmaster.pid")).as("PostgreSQL shut down, not crashed").doesNotExist();
        String shutdown;
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            file.seek(before);
            byte[] rest = new byte[(int) (file.length() - before)];
            file.readFully(rest);
            shutdown = new String(rest, java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(shutdown.lines().filter(line -> line.contains(" ERROR ") || line.contains(" WARN ")
                || line.contains("FATAL") || line.contains("Exception") || line.contains("watchdog")).toList())
                .as("the log of a SIGTERM stop").isEmpty();
    }

    /** Four managers' threads create one-off grants; after {@code atLeast} were acknowledged, the process is killed. */
    private List<String> burstThenKill(Kill kill, int atLeast) throws Exception {
        String manager = signIn("manager.centrum");
        JsonNode unit = api.get("/api/v1/organisation", manager).body().get(0).get("careProviders").get(0).get("careUnits").get(0);
        String unitId = unit.get("id").asText();
        JsonNode residents = api.get("/api/v1/residents?careUnitId=" + unitId, manager).body();
        JsonNode staff = api.get("/api/v1/staff?careUnitId=" + unitId, manager).body();
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean going = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.submit(() -> {
                for (int n = 0; going.get(); n++) {
                    Instant from = Instant.now().plus(Duration.ofDays(1 + n % 30));
                    Map<String, Object> grant = new HashMap<>(Map.of(
                            "residentId", residents.get((thread * 7 + n) % residents.size()).get("id").asText(),
                            "staffMemberId", staff.get((thread * 5 + n) % staff.size()).get("id").asText(),
                            "kind", "ONE_OFF", "validFrom", from.toString(), "validUntil", from.plusSeconds(3600).toString(),
                            "purpose", "Crash drill"));
                    try {
                        Api.Response created = api.post("/api/v1/grants", manager, grant);
                        if (created.status() == 201) {
                            acknowledged.add(created.body().get("id").asText());
                        }
                    } catch (RuntimeException e) {
                        // the process died under this request: not acknowledged
                    }
                }
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (acknowledged.size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        kill(kill);   // with requests in flight
        going.set(false);
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(atLeast);
        return List.copyOf(acknowledged);
    }

    private void everyAcknowledgedGrantWithExactlyOneAuditEntry(List<String> acknowledged, String manager) throws Exception {
        for (String id : acknowledged) {
            assertThat(api.get("/api/v1/grants/" + id, manager).status()).as("acknowledged grant " + id).isEqualTo(200);
        }
        String auditor = signIn("auditor");
        Map<String, Integer> entries = new HashMap<>();
        long after = -1;
        while (true) {
            JsonNode page = api.get("/api/v1/audit-records?type=GRANT_CREATED&limit=1000&after=" + after, auditor).body();
            page.get("records").forEach(r -> entries.merge(r.get("subjectId").asText(), 1, Integer::sum));
            if (page.get("nextAfter") == null || page.get("nextAfter").isNull()) {
                break;
            }
            after = page.get("nextAfter").asLong();
        }
        for (String id : acknowledged) {
            assertThat(entries.get(id)).as("GRANT_CREATED entries for acknowledged grant " + id).isEqualTo(1);
        }
    }

    /** fsck over the whole log, as an auditor with only the two public keys and a token would run it. */
    private void logVerifiesFromOutside() throws Exception {
        String[] keys = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/audit/log/keys")).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim().split("\\s+");
        String auditor = signIn("auditor");
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new AuditVerifier());
        cli.setOut(new PrintWriter(text));
        cli.setErr(new PrintWriter(text));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int code;
        do {   // the checkpoint that covers the entries sequenced after the restart is cosigned within a second or so
            text.getBuffer().setLength(0);
            code = cli.execute("fsck", "--log", "http://localhost:" + port + "/api/v1/audit/log", "--token", auditor,
                    "--log-key", keys[0], "--witness-key", keys[1]);
        } while (code != 0 && System.nanoTime() < deadline && sleep());
        assertThat(code).as(text.toString()).isZero();
        assertThat(text.toString()).contains("OK: ");
    }

    private void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"), NyckelfriPlatform.class.getName(),
                "--nyckelfri.data-dir=" + data, "--server.port=" + port, "--nyckelfri.broker.port=" + brokerPort,
                "--nyckelfri.identity.issuer=http://localhost:" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.getParent().resolve("platform.log").toFile()));
        builder.environment().remove("NYCKELFRI_WATCHDOG_REPORT");   // its watchdog acts on purpose here
        platform = builder.start();
    }

    private void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(platform.isAlive()).as("the platform exited; see " + data.getParent().resolve("platform.log")).isTrue();
            try {
                if (api.get("/actuator/health/readiness", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within " + within + "; see " + data.getParent().resolve("platform.log"));
    }

    private void kill(Kill kill) throws Exception {
        long postmaster = postmasterPid();
        if (kill != Kill.JVM) {
            platform.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);   // the watchdog
        }
        platform.destroyForcibly();
        platform.waitFor(30, TimeUnit.SECONDS);
        if (kill == Kill.JVM_AND_POSTGRESQL) {
            TestProcesses.killPostgres(postmaster);
        }
        if (kill == Kill.JVM_AND_WATCHDOG) {
            Thread.sleep(1000);
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false))
                    .as("PostgreSQL orphaned, as in the field report").isTrue();
        }
    }

    private long postmasterPid() throws Exception {
        return TestProcesses.postmasterPid(data.resolve("postgres"));
    }

    private String signIn(String user) throws Exception {
        return TestProcesses.signIn(user, port);
    }

    private static boolean sleep() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("nyckelfri-restart-").resolve("data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
