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
 * <p>Durability is not traded for speed: {@code synchronous_commit=on} (the embedding library's default is off),
 * because an acknowledged audit record must survive a crash. It listens on localhost only. (When the process
 * runs as root, the library starts PostgreSQL in a user namespace, since PostgreSQL refuses to run as root.)
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
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts (and on first use initialises) the server whose data lives in {@code dataDirectory}. */
    public static EmbeddedPostgresServer start(Path dataDirectory) throws IOException {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(data);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("listen_addresses", "localhost")
                .setLocaleConfig("locale", "C")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false)
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        server.createDatabaseIfMissing();
        server.createApplicationRoleIfMissing();
        log.info("Embedded PostgreSQL ready on port {} with data in {}", postgres.getPort(), data);
        return server;
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

    @Override
    public void close() throws IOException {
        postgres.close();
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
