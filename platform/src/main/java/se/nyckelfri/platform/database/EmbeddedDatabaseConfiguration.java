package se.nyckelfri.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseDataSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Starts the embedded PostgreSQL and points the application at it, unless {@code spring.datasource.url} (or
 * {@code SPRING_DATASOURCE_URL}) names an external database, in which case Spring Boot's own data source is used.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseCondition.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(@Value("${nyckelfri.data-dir}") Path dataDir) throws IOException {
        return EmbeddedPostgresServer.start(dataDir.resolve("postgres"));
    }

    /**
     * The application's connections: the unprivileged application role. A request waits at most
     * {@code spring.datasource.hikari.connection-timeout} for one (the same setting as for an external database), then is
     * answered 503 with {@code Retry-After} rather than hanging for Hikari's default 30 s.
     */
    @Bean
    @Primary
    DataSource dataSource(EmbeddedPostgresServer server,
                          @Value("${spring.datasource.hikari.connection-timeout:5000}") long connectionTimeoutMillis) {
        HikariDataSource dataSource = pool(server, server.applicationUsername(), 20, "embedded-postgres");
        dataSource.setConnectionTimeout(connectionTimeoutMillis);
        return dataSource;
    }

    /** Migrations run as the schema owner, which then grants the application role what it may do. */
    @Bean(defaultCandidate = false)
    @LiquibaseDataSource
    DataSource liquibaseDataSource(EmbeddedPostgresServer server) {
        HikariDataSource dataSource = pool(server, server.username(), 2, "embedded-postgres-owner");
        dataSource.setMinimumIdle(0);
        return dataSource;
    }

    private static HikariDataSource pool(EmbeddedPostgresServer server, String username, int size, String name) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername(username);
        dataSource.setMaximumPoolSize(size);
        dataSource.setPoolName(name);
        // A batch of inserts goes as multi-row statements: the audit log's batches, the credential archive and an
        // offline sync's rows (the same setting as spring.datasource.hikari.data-source-properties for an external one).
        dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        return dataSource;
    }
}
