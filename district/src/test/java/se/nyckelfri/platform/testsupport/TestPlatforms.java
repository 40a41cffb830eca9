package se.nyckelfri.platform.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import se.nyckelfri.platform.NyckelfriPlatform;

/**
 * A whole platform of its own on {@code dataDir} (its own embedded PostgreSQL, broker and identity provider on free
 * ports; no demo data, no simulated district), for tests that restart, kill or damage it, and for benchmarks.
 */
public final class TestPlatforms {

    private TestPlatforms() {
    }

    public static ConfigurableApplicationContext start(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("--nyckelfri.data-dir=" + dataDir, "--nyckelfri.demo.enabled=false",
                "--nyckelfri.district.enabled=false", "--server.port=0", "--nyckelfri.broker.port=0",
                "--nyckelfri.identity.issuer=" + PlatformIntegrationTest.ISSUER));
        args.addAll(Arrays.asList(extra));
        return SpringApplication.run(NyckelfriPlatform.class, args.toArray(String[]::new));
    }

    /** What a benchmark does with its platform. */
    @FunctionalInterface
    public interface Run {
        void on(ConfigurableApplicationContext context) throws Exception;
    }

    /**
     * For a benchmark's {@code main}: a quiet platform of its own in a fresh directory, {@code run} on it, then close
     * it, delete the directory and exit the JVM (the broker's and the emulator's threads would otherwise keep it
     * alive) — with status 1 and the stack trace when {@code run} failed.
     */
    public static void runAndExit(String directoryPrefix, Run run) throws Exception {
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory(directoryPrefix);
        ConfigurableApplicationContext context = start(directory, "--logging.level.root=WARN");
        int status = 0;
        try {
            run.on(context);
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        } finally {
            context.close();
            org.springframework.util.FileSystemUtils.deleteRecursively(directory);
        }
        System.exit(status);
    }

    /** The port the platform's HTTP server listens on. */
    public static String port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getProperty("local.server.port");
    }
}
