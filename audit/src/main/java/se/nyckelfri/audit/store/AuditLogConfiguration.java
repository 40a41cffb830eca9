package se.nyckelfri.audit.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.witness.HttpWitnessClient;
import se.nyckelfri.audit.witness.Witness;
import se.nyckelfri.audit.witness.WitnessClient;
import se.nyckelfri.audit.witness.WitnessState;

/**
 * Wires the log: keys and witness state live under {@code <data-dir>/audit/} (files of mode 600, outside the
 * database); the witness runs in-process with its own key unless another {@link se.nyckelfri.audit.witness.WitnessClient}
 * is configured. The background writers (sequencer, integrator, checkpointer, retention) use the
 * {@link AuditWriterPool} when there is one, so that request traffic can never starve them of connections; readers
 * and the outbox rows written in callers' transactions use the application's pool.
 */
@Configuration(proxyBeanMethods = false)
public class AuditLogConfiguration {

    /** The background writers' connections and transactions: their own pool if configured, else the application's. */
    record Writers(JdbcTemplate jdbc, TransactionTemplate tx) {
        static Writers of(ObjectProvider<AuditWriterPool> pool, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
            AuditWriterPool own = pool.getIfAvailable();
            if (own == null) {
                return new Writers(jdbc, new TransactionTemplate(transactions));
            }
            return new Writers(new JdbcTemplate(own.dataSource()),
                    new TransactionTemplate(new DataSourceTransactionManager(own.dataSource())));
        }
    }

    @Bean
    Writers auditWriters(ObjectProvider<AuditWriterPool> pool, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return Writers.of(pool, jdbc, transactions);
    }

    @Bean
    ResidentKeys residentKeys(JdbcTemplate jdbc, Writers auditWriters, Clock clock,
                              @Value("${nyckelfri.data-dir:./data}") Path dataDir) {
        return new ResidentKeys(jdbc, auditWriters.jdbc(), clock, dataDir.resolve("audit").resolve("resident-master.key"));
    }

    @Bean
    NoteSigner auditLogSigner(@Value("${nyckelfri.data-dir:./data}") Path dataDir,
                              @Value("${nyckelfri.audit.origin:nyckelfri.local/audit}") String origin) {
        return NoteSigner.loadOrCreate(dataDir.resolve("audit").resolve("log.key"), origin, NoteKey.ED25519);
    }

    @Bean
    Witness auditWitness(@Value("${nyckelfri.data-dir:./data}") Path dataDir,
                         @Value("${nyckelfri.audit.witness-name:witness.nyckelfri.local}") String name,
                         NoteSigner auditLogSigner, Clock clock) {
        Path home = dataDir.resolve("witness");
        NoteSigner cosigner = NoteSigner.loadOrCreate(home.resolve("witness.key"), name, NoteKey.COSIGNATURE_V1);
        return new Witness(cosigner, Map.of(auditLogSigner.key().name(), List.of(auditLogSigner.key())),
                new WitnessState(home.resolve("state")), clock);
    }

    /** How long the log keeps personal data openable ({@code nyckelfri.audit.retention}, ISO-8601, default 5 years). */
    @Bean
    Retention auditRetention(Writers auditWriters, Clock clock, @Value("${nyckelfri.audit.retention:P5Y}") Period period) {
        return new Retention(auditWriters.jdbc(), auditWriters.tx(), clock, period);
    }

    @Bean
    MerkleAuditLog merkleAuditLog(JdbcTemplate jdbc, Writers auditWriters, Clock clock,
                                  ResidentKeys residentKeys, NoteSigner auditLogSigner, Witness auditWitness,
                                  Retention auditRetention,
                                  @Value("${nyckelfri.audit.witness-url:}") String witnessUrl) {
        // Tiles are read twice over: by the integrator and checkpointer on the writers' connections, and to serve
        // tiles and proofs to (unauthenticated) callers on the application's, so a flood of those never holds a writer's.
        JdbcTiles writerTiles = new JdbcTiles(auditWriters.jdbc());
        JdbcTiles servedTiles = new JdbcTiles(jdbc);
        Sequencer sequencer = new Sequencer(jdbc, auditWriters.jdbc(), auditWriters.tx(), residentKeys, clock);
        Integrator integrator = new Integrator(auditWriters.jdbc(), auditWriters.tx(), writerTiles);
        // A witness run elsewhere (nyckelfri-witness, or any C2SP tlog-witness) when configured; else the in-process one.
        WitnessClient witness = witnessUrl.isBlank() ? auditWitness : new HttpWitnessClient(witnessUrl);
        Checkpointer checkpointer = new Checkpointer(auditWriters.jdbc(), writerTiles, auditLogSigner, witness, clock,
                auditLogSigner.key().name());
        MerkleAuditLog log = new MerkleAuditLog(jdbc, sequencer, integrator, checkpointer, servedTiles, residentKeys);
        log.retainWith(auditRetention);
        return log;
    }
}
