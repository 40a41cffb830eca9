package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantKind;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.Grants;
import se.nyckelfri.access.grant.WeeklyWindow;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** A change and its audit record commit or vanish together; records are gap-free and cannot be altered. */
class AuditAppendTest extends PlatformIntegrationTest {

    private static final Actor ADMIN = new Actor("test-admin", "U-AUDITTEST", Role.ADMIN, Set.of(), null);

    @Autowired
    AuditLog log;
    @Autowired
    AuditTrail trail;
    @Autowired
    GrantService grantService;
    @Autowired
    Grants grants;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    se.nyckelfri.platform.database.EmbeddedPostgresServer server;

    @Test
    void grantWhenTransactionRollsBackThenNeitherGrantNorAuditRecordExists() {
        World world = worlds.create();
        long sizeBefore = trail.size();
        List<UUID> created = new ArrayList<>();
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            AccessGrant grant = grantService.grant(ADMIN, request(world));
            created.add(grant.getId());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_pending WHERE event LIKE ?", Long.class,
                    "%" + grant.getId() + "%")).as("recorded inside the transaction").isEqualTo(1);
            throw new IllegalStateException("something later in the same unit of work fails");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(created).hasSize(1);
        assertThat(grants.findById(created.get(0))).isEmpty();
        assertThat(records(created.get(0))).isEmpty();
        assertThat(trail.size()).as("the rolled-back index is reused: no gap").isEqualTo(sizeBefore);
    }

    @Test
    void revokeWhenTransactionRollsBackThenGrantStaysLiveAndNoRevocationRecord() {
        World world = worlds.create();
        AccessGrant grant = grantService.grant(ADMIN, request(world));
        long sizeBefore = trail.size();
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            grantService.revoke(ADMIN, grant.getId(), "test");
            throw new IllegalStateException("fails after the revocation");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(grants.findById(grant.getId()).orElseThrow().isRevoked()).isFalse();
        assertThat(trail.find(new AuditTrail.Query("GRANT_REVOKED", "grant", grant.getId().toString(), null, null, null,
                -1, 10))).isEmpty();
        assertThat(trail.size()).isEqualTo(sizeBefore);
    }

    @Test
    void grantWhenCommittedThenExactlyOneRecordInTheSameCommit() {
        World world = worlds.create();
        AccessGrant grant = grantService.grant(ADMIN, request(world));
        assertThat(grants.findById(grant.getId())).isPresent();
        List<AuditRecord> records = records(grant.getId());
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.event().type()).isEqualTo("GRANT_CREATED");
            assertThat(r.event().actor()).isEqualTo("U-AUDITTEST");
        });
    }

    @Test
    void appendWhenNoTransactionThenRefused() {
        assertThatThrownBy(() -> log.append(AuditEvent.of("TEST", "U-X").subject("test", "1").build()))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void appendAllWhenCommittedThenEachEventHasItsOwnIndexInTheOrderGiven() {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(AuditEvent.of("TEST_APPEND_ALL", "U-X").subject("test", "all-" + i).build());
        }
        List<AuditLog.Pending> pending = transaction.execute(status -> log.appendAll(events));
        List<Long> indices = pending.stream().map(p -> p.awaitIndex(java.time.Duration.ofSeconds(10))).toList();
        for (int i = 0; i < indices.size(); i++) {
            long index = indices.get(i);
            assertThat(trail.find(new AuditTrail.Query("TEST_APPEND_ALL", "test", "all-" + i, null, null, null, -1, 10)))
                    .as("event %d", i).singleElement().satisfies(r -> assertThat(r.index()).isEqualTo(index));
        }
        assertThat(indices).as("in the order given").isSorted().doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_pending WHERE event LIKE '%TEST_APPEND_ALL%'", Long.class))
                .as("nothing of them left in the outbox")
                .isZero();

        List<AuditLog.Pending> rolledBack = transaction.execute(status -> {
            status.setRollbackOnly();
            return log.appendAll(List.of(AuditEvent.of("TEST_APPEND_ALL_GONE", "U-X").subject("test", "a").build(),
                    AuditEvent.of("TEST_APPEND_ALL_GONE", "U-X").subject("test", "b").build()));
        });
        assertThat(rolledBack).allSatisfy(p -> assertThatThrownBy(() -> p.awaitIndex(java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE type = 'TEST_APPEND_ALL_GONE'", Long.class))
                .isZero();
        assertThatThrownBy(() -> log.appendAll(events)).as("outside a transaction")
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void appendWhenConcurrentThenIndicesAreGapFreeAndUnique() throws Exception {
        long start = trail.size();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        List<Future<Long>> indices = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            indices.add(pool.submit(() -> {
                AuditLog.Pending pending = transaction.execute(status -> {
                    AuditLog.Pending p = log.append(AuditEvent.of("TEST_CONCURRENT", "U-X").subject("test", n).build());
                    if (n % 10 == 0) {
                        status.setRollbackOnly();
                    }
                    return p;
                });
                if (n % 10 == 0) {
                    assertThatThrownBy(() -> pending.awaitIndex(java.time.Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
                    return -1L;
                }
                return pending.awaitIndex(java.time.Duration.ofSeconds(10));
            }));
        }
        List<Long> acknowledged = new ArrayList<>();
        for (Future<Long> f : indices) {
            if (f.get() >= 0) {
                acknowledged.add(f.get());
            }
        }
        pool.shutdown();
        assertThat(acknowledged).doesNotHaveDuplicates().hasSize(180);
        List<Long> stored = jdbc.queryForList("SELECT idx FROM audit_entry WHERE idx >= ? ORDER BY idx", Long.class, start);
        assertThat(stored).containsAll(acknowledged);
        assertThat(stored).hasSize((int) (trail.size() - start));
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i)).isEqualTo(start + i);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE type = 'TEST_CONCURRENT'", Long.class))
                .isEqualTo(180);
    }

    @Test
    void recordsWhenTheApplicationTriesToChangeThemThenItsRoleMayNot() {
        long index = log.appendDurably(AuditEvent.of("TEST", "U-X").subject("test", "x").build());
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("nyckelfri_app");
        for (String sql : List.of("UPDATE audit_entry SET outcome = 'FORGED' WHERE idx = " + index,
                "DELETE FROM audit_entry WHERE idx = " + index, "TRUNCATE audit_entry", "TRUNCATE audit_tile",
                "TRUNCATE audit_checkpoint", "DELETE FROM audit_checkpoint", "UPDATE audit_tile SET hashes = hashes")) {
            assertThatThrownBy(() -> jdbc.execute(sql)).as(sql)
                    .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        }
        assertThat(jdbc.queryForObject("SELECT outcome FROM audit_entry WHERE idx = ?", String.class, index)).isEqualTo("OK");
    }

    @Test
    void recordsWhenTheOwnerTriesToChangeThemThenTheTriggersRefuse() {
        long index = log.appendDurably(AuditEvent.of("TEST", "U-X").subject("test", "y").build());
        JdbcTemplate owner = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                server.jdbcUrl(), server.username(), ""));
        for (String sql : List.of("UPDATE audit_entry SET outcome = 'FORGED' WHERE idx = " + index,
                "DELETE FROM audit_entry WHERE idx = " + index, "TRUNCATE audit_entry", "TRUNCATE audit_tile",
                "TRUNCATE audit_checkpoint", "DELETE FROM audit_checkpoint")) {
            assertThatThrownBy(() -> owner.execute(sql)).as(sql)
                    .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        }
        assertThat(jdbc.queryForObject("SELECT outcome FROM audit_entry WHERE idx = ?", String.class, index)).isEqualTo("OK");
    }

    @Test
    void eventWhenMalformedThenRefusedBeforeStorage() {
        assertThatThrownBy(() -> AuditEvent.of("lower case", "U-X").subject("test", "1").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEvent.of("TEST", " ").subject("test", "1").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<AuditRecord> records(UUID grantId) {
        return trail.find(new AuditTrail.Query("GRANT_CREATED", "grant", grantId.toString(), null, null, null, -1, 10));
    }

    private static GrantService.GrantRequest request(World world) {
        return new GrantService.GrantRequest(world.a().residentId(), AccessGrant.Grantee.staff(world.a().staffId()),
                GrantKind.RECURRING, List.of(new WeeklyWindow(java.time.DayOfWeek.MONDAY, java.time.LocalTime.of(7, 0),
                java.time.LocalTime.of(8, 0))), null, null, null, null, "test");
    }
}
