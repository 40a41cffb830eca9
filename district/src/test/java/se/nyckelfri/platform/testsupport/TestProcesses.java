package se.nyckelfri.platform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What crash tests do to processes from outside: kill a PostgreSQL server outright, sign in with the README's script. */
public final class TestProcesses {

    private TestProcesses() {
    }

    /** The postmaster's PID as {@code postmaster.pid} in {@code data} records it. */
    public static long postmasterPid(Path data) throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /** SIGKILL to a postmaster and every backend, as a power cut would; returns once it is gone. */
    public static void killPostgres(long postmasterPid) {
        ProcessHandle.of(postmasterPid).ifPresent(server -> {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            server.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
    }

    /** An access token for a demo user, from {@code scripts/token.sh} (the README's way: authorization code + PKCE). */
    public static String signIn(String user, int port) throws Exception {
        Process process = new ProcessBuilder("bash", "../scripts/token.sh", user, "demo", "http://localhost:" + port)
                .redirectErrorStream(true).start();
        String token = new String(process.getInputStream().readAllBytes()).trim();
        assertThat(process.waitFor()).as(token).isZero();
        return token;
    }
}
