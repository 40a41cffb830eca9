package se.nyckelfri.access.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The access service on its own, for its module tests: its features, the audit log and the key issuer on a real
 * embedded PostgreSQL (its own, started once per test JVM and stopped with it), with the schema of the audit and
 * access changelogs only. The gateway fleet is an {@link InMemoryFleet} of simulated locks; tokens are not part of
 * these tests (they call the services), so the API's decoder trusts a key nobody holds. Worlds come from
 * {@link TestWorlds}, grants from {@link TestGrants}.
 */
@SpringBootTest(classes = AccessModuleTest.Module.class, webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        "spring.liquibase.change-log=classpath:db/changelog/access-module-test.yaml",
        "spring.jpa.open-in-view=false"})
public abstract class AccessModuleTest {

    /** Keys and the witness's state for this JVM's database only (a witness remembers sizes: never reuse it). */
    private static final Path DATA = Path.of("target", "access-module-test-" + ProcessHandle.current().pid()).toAbsolutePath();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry properties) {
        properties.add("nyckelfri.data-dir", DATA::toString);
    }

    @Autowired
    protected TestWorlds worlds;
    @Autowired
    protected InMemoryFleet fleet;

    @SpringBootApplication(scanBasePackages = {"se.nyckelfri.access", "se.nyckelfri.audit", "se.nyckelfri.keyissuer"})
    @EntityScan("se.nyckelfri")
    @EnableJpaRepositories("se.nyckelfri")
    static class Module {

        @Bean(destroyMethod = "close")
        EmbeddedPostgres embeddedPostgres() throws IOException {
            Path dir = Files.createTempDirectory("access-module-pg-");
            return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
                    .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on").start();
        }

        @Bean
        DataSource dataSource(EmbeddedPostgres postgres) {
            return postgres.getPostgresDatabase();
        }

        @Bean
        InMemoryFleet fleet() {
            return new InMemoryFleet();
        }

        @Bean
        TestWorlds testWorlds(AutowireCapableBeanFactory beans) {
            return beans.createBean(TestWorlds.class);
        }

        @Bean
        JwtDecoder jwtDecoder() {
            return token -> {
                throw new BadJwtException("module tests call the services, not the API");
            };
        }
    }
}
