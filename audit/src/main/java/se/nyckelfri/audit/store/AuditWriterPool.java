package se.nyckelfri.audit.store;

import javax.sql.DataSource;

/**
 * The connections of the log's background writers (sequencer, integrator, checkpointer, retention), kept apart from
 * the pool that serves requests: when every request connection is taken — by auditors' long reads, say — the
 * sequencer still commits, so appends are confirmed and readers waiting for it are released. A holder rather than a
 * {@link DataSource} bean, so that Spring Boot's own data source, {@code JdbcTemplate} and transaction manager (which
 * back off when another bean of their type exists) stay the application's. Without one, the log uses the
 * application's pool, as before.
 *
 * @param dataSource a small pool (a handful of connections: one per background writer and one spare)
 */
public record AuditWriterPool(DataSource dataSource) {

    /** Closes the pool when it can be closed (a HikariCP pool can). */
    public void close() throws Exception {
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
