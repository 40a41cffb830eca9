package se.nyckelfri.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server owned by this process, with its data in a directory that survives restarts.
 *
 * <p>Durability is not traded for speed: {@code synchronous_commit=on} (the embedding library's default is off) and
 * {@code fsync=on}, because an acknowledged audit record must survive a crash. The library always passes {@code -F}
 * (fsync off) before the settings given here; PostgreSQL applies its command-line options in order, so the later
 * {@code -c fsync=on} wins. That is read back from the server at every start, logged, and the server refused if any of
 * {@code fsync}, {@code synchronous_commit} or {@code full_page_writes} is not {@code on}. It listens on localhost
 * only. (When the process runs as root, the library starts PostgreSQL in a user namespace, since PostgreSQL refuses to
 * run as root.)
 *
 * <p>The server cannot outlive its owner: before starting, a server an earlier, killed owner left running on the
 * directory is stopped ({@link LeftoverServer}); after starting, a {@link PostmasterWatchdog} stops it if this JVM
 * dies without closing it. PostgreSQL's own messages (startup failures among them) reach the log through the
 * library's logger, {@code io.zonky.test.db.postgres.embedded}, at INFO, terse (no statement texts or key values).
 *
 * <p>Whoever starts it closes it: the Spring context (it is a bean), or a try-with-resources. The library's own JVM
 * shutdown hook is off, because JVM hooks run concurrently: it stopped PostgreSQL while the context's hook was still
 * letting the audit sequencer finish its batch, which then waited on a dead server instead of committing.
 *
 * <p>Thread-safe after construction.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "nyckelfri";
    private static final String APPLICATION_ROLE = "nyckelfri_app";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The server's durability settings as it reports them (each {@code on} or {@code off}). */
    public record Durability(String fsync, String synchronousCommit, String fullPageWrites) {
        boolean safe() {
            return "on".equals(fsync) && "on".equals(synchronousCommit) && "on".equals(fullPageWrites);
        }
    }

    private final EmbeddedPostgres postgres;
    private final Path data;
    private final PostmasterWatchdog watchdog;
    private final Durability durability;
    private final long postmasterPid;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path data, PostmasterWatchdog watchdog, long postmasterPid,
                                   Durability durability) {
        this.postgres = postgres;
        this.data = data;
        this.watchdog = watchdog;
        this.postmasterPid = postmasterPid;
        this.durability = durability;
    }

    /** Starts (and on first use initialises) the server whose data lives in {@code dataDirectory}. */
    public static EmbeddedPostgresServer start(Path dataDirectory) throws IOException {
        return start(dataDirectory, STARTUP_WAIT);
    }

    /** As {@link #start(Path)}, giving up when the server does not answer within {@code startupWait}. */
    static EmbeddedPostgresServer start(Path dataDirectory, Duration startupWait) throws IOException {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(data);
        LeftoverServer.stopOn(data);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("listen_addresses", "localhost")
                    // PostgreSQL's messages go to the platform's log: no statement texts, no key values (personal data)
                    .setServerConfig("log_error_verbosity", "terse")
                    .setServerConfig("log_min_error_statement", "panic")
                    .setLocaleConfig("locale", "C")
                    .setPGStartupWait(startupWait)
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            log.error("PostgreSQL did not start on {} within {} s; its own messages are logged just above "
                    + "(logger io.zonky.test.db.postgres.embedded)", data, startupWait.toSeconds());
            throw e;
        }
        long pid = LeftoverServer.recordedPid(data.resolve("postmaster.pid")).orElse(0L);
        PostmasterWatchdog watchdog = pid > 0 ? PostmasterWatchdog.arm(pid, data) : null;
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, data, watchdog, pid, readDurability(postgres));
        try {
            if (!server.durability.safe()) {
                throw new IOException("the embedded PostgreSQL is not durable: " + server.durability);
            }
            server.createDatabaseIfMissing();
            server.createApplicationRoleIfMissing();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("Embedded PostgreSQL {} ready on port {} with data in {} (postmaster PID {}, watchdog {}); "
                        + "fsync={}, synchronous_commit={}, full_page_writes={}", server.version(), postgres.getPort(), data,
                pid, watchdog != null ? "PID " + watchdog.pid() : "none", server.durability.fsync(),
                server.durability.synchronousCommit(), server.durability.fullPageWrites());
        return server;
    }

    /** Where the server keeps its data. */
    public Path dataDirectory() {
        return data;
    }

    /** The durability settings the running server reports, read back at start. */
    public Durability durability() {
        return durability;
    }

    /** The postmaster's process id ({@code postmaster.pid}), 0 if unknown. */
    public long postmasterPid() {
        return postmasterPid;
    }

    /** The running watchdog's process id, if there is one. */
    public java.util.OptionalLong watchdogPid() {
        return watchdog != null ? java.util.OptionalLong.of(watchdog.pid()) : java.util.OptionalLong.empty();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/%s".formatted(postgres.getPort(), DATABASE);
    }

    /** The schema owner, a superuser: migrations only. */
    public String username() {
        return "postgres";
    }

    /** The role the application's connections use. */
    public String applicationUsername() {
        return APPLICATION_ROLE;
    }

    /** Stops the server (fast shutdown) and returns once its postmaster process has ended, not just its pid file. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
            if (postmasterPid > 0) {
                ProcessHandle.of(postmasterPid).ifPresent(p -> LeftoverServer.awaitExit(p, Duration.ofSeconds(10)));
            }
        } finally {
            if (watchdog != null) {
                watchdog.disarm();
            }
        }
    }

    private String version() {
        return query(postgres, "SHOW server_version");
    }

    private static Durability readDurability(EmbeddedPostgres postgres) {
        return new Durability(query(postgres, "SHOW fsync"), query(postgres, "SHOW synchronous_commit"),
                query(postgres, "SHOW full_page_writes"));
    }

    private static String query(EmbeddedPostgres postgres, String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask the embedded PostgreSQL: " + sql, e);
        }
    }

    private void createDatabaseIfMissing() throws IOException {
        createIfMissing("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'",
                "CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0", "database " + DATABASE);
    }

    /**
     * The role the application runs as: it owns nothing, so the privileges the schema grants it (INSERT but never
     * UPDATE, DELETE or TRUNCATE on the audit log's tables) are all it has. The schema owner (the superuser here)
     * runs the migrations.
     */
    private void createApplicationRoleIfMissing() throws IOException {
        createIfMissing("SELECT 1 FROM pg_roles WHERE rolname = '" + APPLICATION_ROLE + "'",
                "CREATE ROLE " + APPLICATION_ROLE + " LOGIN", "the application role");
    }

    /** Runs {@code create} (as the superuser, on the server's own database) unless {@code exists} finds a row. */
    private void createIfMissing(String exists, String create, String what) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(exists)) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute(create);
        } catch (SQLException e) {
            throw new IOException("could not create " + what, e);
        }
    }
}
