package se.nyckelfri.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
}
