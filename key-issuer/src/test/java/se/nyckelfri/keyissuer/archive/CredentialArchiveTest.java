package se.nyckelfri.keyissuer.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;

/**
 * Keeping credentials as a group commit: callers that arrive while a write is under way share the next write, each
 * returns only once its own credentials were written, and a failed write fails every caller in it (their credentials
 * must not leave). The write itself runs against PostgreSQL in the platform's tests (OutsideAuditorTest, the
 * benchmarks); here a stand-in for the database that takes 20 ms a write, as a flush of the write-ahead log might.
 */
class CredentialArchiveTest {

    private final List<List<UUID>> writes = new CopyOnWriteArrayList<>();
    private volatile boolean fail;

    private final JdbcTemplate database = new JdbcTemplate() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> int[][] batchUpdate(String sql, Collection<T> rows, int batchSize, ParameterizedPreparedStatementSetter<T> setter) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new DataAccessResourceFailureException("the database went away");
            }
            writes.add(((Collection<CredentialArchive.Kept>) rows).stream().map(CredentialArchive.Kept::lockId).toList());
            return new int[0][];
        }
    };

    @Test
    void keepWhenManyCallersAtOnceThenTheyShareWritesAndEachReturnsOnlyOnceItsOwnIsWritten() throws Exception {
        CredentialArchive archive = new CredentialArchive(database);
        ExecutorService callers = Executors.newFixedThreadPool(32);
        List<Future<Boolean>> done = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            done.add(callers.submit(() -> {
                UUID lock = UUID.randomUUID();
                archive.keep(List.of(kept(lock)));
                return writes.stream().anyMatch(w -> w.contains(lock));   // written before keep returned
            }));
        }
        for (Future<Boolean> f : done) {
            assertThat(f.get()).isTrue();
        }
        callers.shutdown();
        assertThat(writes.stream().mapToInt(List::size).sum()).isEqualTo(320);
        assertThat(writes.size()).as("writes shared: %s", writes.size()).isLessThan(320 / 4);
    }

    @Test
    void keepWhenTheWriteFailsThenTheCallerIsToldAndNothingCountsAsKept() {
        CredentialArchive archive = new CredentialArchive(database);
        fail = true;
        assertThatThrownBy(() -> archive.keep(List.of(kept(UUID.randomUUID())))).isInstanceOf(IllegalStateException.class)
                .hasRootCauseInstanceOf(DataAccessResourceFailureException.class);
        fail = false;
        archive.keep(List.of(kept(UUID.randomUUID())));
        assertThat(writes).hasSize(1);
    }

    private static CredentialArchive.Kept kept(UUID lock) {
        return new CredentialArchive.Kept(new byte[16], lock, new byte[100], "0011223344556677", Instant.now(),
                Instant.now().plusSeconds(120));
    }
}
