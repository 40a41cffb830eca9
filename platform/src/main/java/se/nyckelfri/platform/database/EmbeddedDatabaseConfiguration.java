package se.nyckelfri.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

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

    @Bean
    DataSource dataSource(EmbeddedPostgresServer server) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(server.jdbcUrl());
        dataSource.setUsername(server.username());
        dataSource.setMaximumPoolSize(20);
        dataSource.setPoolName("embedded-postgres");
        return dataSource;
    }
}
