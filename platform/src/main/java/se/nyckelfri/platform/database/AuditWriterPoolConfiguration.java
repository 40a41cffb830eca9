package se.nyckelfri.platform.database;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.nyckelfri.audit.store.AuditWriterPool;

/**
 * The audit log's background writers get a small pool of their own, embedded database or external alike: a copy of
 * the application's HikariCP settings (URL, role, password, driver properties) with its own name and size. Door
 * openings wait for the sequencer to confirm their audit entries, and readers wait for it to catch up; with one shared
 * pool, requests holding every connection kept the sequencer from committing and so froze the platform (issue 12).
 */
@Configuration(proxyBeanMethods = false)
class AuditWriterPoolConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditWriterPoolConfiguration.class);
    /** Background writers are never in a hurry to give up: they retry, and nobody waits on a writer's connection. */
    private static final long WRITER_CONNECTION_TIMEOUT_MILLIS = 30_000;

    /**
     * @param size {@code nyckelfri.audit.writer-pool-size}: the sequencer, the integrator, the checkpointer (which also
     *             runs retention) and one spare
     */
    @Bean(destroyMethod = "close")
    AuditWriterPool auditWriterPool(DataSource dataSource, @Value("${nyckelfri.audit.writer-pool-size:4}") int size) {
        HikariDataSource application = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class);
        if (application == null) {
            log.warn("The data source is not a HikariCP pool; the audit log's writers share it with request traffic");
            return new AuditWriterPool(dataSource);
        }
        HikariDataSource writers = new HikariDataSource();
        application.copyStateTo(writers);
        writers.setPoolName(application.getPoolName() + "-audit-writers");
        writers.setMaximumPoolSize(size);
        writers.setMinimumIdle(1);
        writers.setConnectionTimeout(WRITER_CONNECTION_TIMEOUT_MILLIS);
        return new AuditWriterPool(writers);
    }
}
