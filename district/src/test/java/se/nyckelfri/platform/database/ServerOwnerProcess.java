package se.nyckelfri.platform.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A JVM of its own that starts the embedded PostgreSQL on a directory, writes a row, prints
 * {@code READY <postmaster pid> <watchdog pid>} and then waits to be killed, as the platform's process would be.
 */
public final class ServerOwnerProcess {

    private ServerOwnerProcess() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS kept (v text)");
            s.execute("INSERT INTO kept VALUES ('written before the kill')");
        }
        System.out.println("READY " + server.postmasterPid() + " " + server.watchdogPid().orElseThrow());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Starts the owner on {@code data} and returns it with the PIDs it printed. */
    static Owner start(Path data) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), ServerOwnerProcess.class.getName(), data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("NYCKELFRI_WATCHDOG_REPORT");   // its watchdog acts on purpose here
        Process process = builder.start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
            // the library's and the server's output
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the owner process ended before its server was ready");
        }
        String[] pids = line.split(" ");
        return new Owner(process, Long.parseLong(pids[1]), Long.parseLong(pids[2]));
    }

    record Owner(Process process, long postmasterPid, long watchdogPid) {
    }
}
