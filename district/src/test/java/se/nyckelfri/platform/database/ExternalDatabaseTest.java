package se.nyckelfri.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.nyckelfri.platform.NyckelfriPlatform;

/**
 * {@code spring.datasource.url} switches to an external PostgreSQL with no code change: the embedded server is
 * not started, the schema is applied there, and no demo users are created. (The "external" server here is a
 * separately started PostgreSQL 17, as a real one would be.)
 */
@SpringBootTest(classes = {NyckelfriPlatform.class, ExternalDatabaseTest.StopExternalServerWithTheContext.class})
@org.springframework.test.annotation.DirtiesContext
class ExternalDatabaseTest {

    private static EmbeddedPostgresServer external;

    @DynamicPropertySource
    static void externalDatabase(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("nyckelfri-external-");
        external = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        registry.add("spring.datasource.url", external::jdbcUrl);
        registry.add("spring.datasource.username", external::username);
        registry.add("nyckelfri.data-dir", dir::toString);
    }

    /**
     * The external server stops with this test's context (which @DirtiesContext closes after the class): after the
     * context's lifecycle has stopped the audit log's threads, not before, as a JUnit @AfterAll would. Named in
     * {@code classes} above: a nested configuration is found by itself only when {@code classes} is not given, which
     * is how this server was left running after every build.
     */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class StopExternalServerWithTheContext {
        @org.springframework.context.annotation.Bean(destroyMethod = "close")
        AutoCloseable externalServer() {
            return () -> external.close();
        }
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void datasourceUrlWhenSetThenExternalDatabaseUsedWithSchemaAndWithoutDemoData() {
        assertThat(context.getBeanNamesForType(EmbeddedPostgresServer.class)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT current_setting('port')", Integer.class))
                .isEqualTo(Integer.parseInt(external.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1")));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Long.class)).isGreaterThan(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM account", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM municipality", Long.class)).isZero();
    }

    @Autowired
    HealthEndpoint health;

    /**
     * The database becomes unreachable (new connections refused, open ones ended, as when the server goes away or its
     * host is cut off): the platform is not ready, but alive, so a supervisor stops sending traffic without killing
     * it; when the database answers again, the platform is ready again by itself.
     */
    @Test
    void databaseWhenUnreachableThenNotReadyButAliveAndReadyAgainWhenItAnswers() throws Exception {
        assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
        String database = jdbc.queryForObject("SELECT current_database()", String.class);
        try (Connection admin = DriverManager.getConnection(external.jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/postgres$1"),
                external.username(), null);
             Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> health.healthForPath("readiness").getStatus().equals(Status.DOWN));
                assertThat(health.healthForPath("liveness").getStatus()).as("alive: no restart for it").isEqualTo(Status.UP);
            } finally {
                sql.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> health.healthForPath("readiness").getStatus().equals(Status.UP));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM databasechangelog", Long.class)).isGreaterThan(3);
    }
}
