package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.audit.entry.Entry;
import se.nyckelfri.audit.entry.EntryCodec;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.note.SignedNote;
import se.nyckelfri.audit.store.Checkpointer;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.audit.store.Retention;
import se.nyckelfri.audit.witness.Witness;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** The tamper-evident log end to end on the platform's PostgreSQL: batches, tiles, witnessed checkpoints, proofs, erasure. */
class MerkleAuditLogTest extends PlatformIntegrationTest {

    @Autowired
    MerkleAuditLog log;
    @Autowired
    NoteSigner auditLogSigner;
    @Autowired
    Witness auditWitness;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void appendWhenDurableThenInACosignedCheckpointThatAnyVerifierAccepts() throws Exception {
        List<Long> indices = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            indices.add(log.appendDurably(AuditEvent.of("TEST_MERKLE", "U-MERKLE").subject("test", i).build()));
        }
        Checkpointer.Published published = log.awaitCheckpoint(Duration.ofSeconds(10));

        SignedNote note = SignedNote.parse(published.note());
        assertThat(note.verify(List.of(auditLogSigner.key(), auditWitness.key()))).hasSize(2);
        Checkpoint checkpoint = Checkpoint.parse(note.text());
        assertThat(checkpoint.origin()).isEqualTo(log.origin());

        // The whole tree re-derived from the stored entries gives the checkpoint's root (fsck in miniature).
        List<byte[]> leaves = new ArrayList<>();
        for (long i = 0; i < checkpoint.size(); i++) {
            leaves.add(Hashes.leaf(log.entryBytes(i).orElseThrow()));
        }
        assertThat(new MerkleTree(se.nyckelfri.audit.merkle.InMemoryNodes.of(leaves)).root(checkpoint.size())).isEqualTo(checkpoint.root());

        for (long idx : List.of(indices.get(0), indices.get(299), indices.get(599))) {
            List<byte[]> proof = log.inclusionProof(idx, checkpoint.size());
            assertThat(Proofs.verifyInclusion(idx, checkpoint.size(), Hashes.leaf(log.entryBytes(idx).orElseThrow()), proof,
                    checkpoint.root()).ok()).isTrue();
        }
        long older = indices.get(100);
        byte[] olderRoot = new MerkleTree(se.nyckelfri.audit.merkle.InMemoryNodes.of(leaves)).root(older);
        assertThat(Proofs.verifyConsistency(older, checkpoint.size(), olderRoot, checkpoint.root(),
                log.consistencyProof(older, checkpoint.size())).ok()).isTrue();
    }

    @Test
    void entriesWhenSameLockThenEachNamesThePreviousOne() throws Exception {
        String lock = java.util.UUID.randomUUID().toString();
        long first = log.appendDurably(AuditEvent.of("TEST_LOCK", "U-MERKLE").subject("lock", lock).build());
        log.appendDurably(AuditEvent.of("TEST_OTHER", "U-MERKLE").subject("test", "x").build());
        long second = log.appendDurably(AuditEvent.of("TEST_LOCK", "U-MERKLE").subject("lock", lock).build());
        assertThat(EntryCodec.decode(log.entryBytes(first).orElseThrow()).previousForLock()).isEqualTo(-1);
        assertThat(EntryCodec.decode(log.entryBytes(second).orElseThrow()).previousForLock()).isEqualTo(first);
    }

    @Test
    void eraseWhenResidentErasedThenTheirDataIsUnreadableAndTheLogStillVerifies() throws Exception {
        String resident = "R-ERASE" + System.nanoTime();
        long idx = log.appendDurably(AuditEvent.of("CONSENT_RECORDED", "U-MERKLE").subject("resident", resident).build());
        byte[] stored = log.entryBytes(idx).orElseThrow();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(resident);
        Entry entry = EntryCodec.decode(stored);
        assertThat(entry.subjectId()).isEmpty();
        assertThat(entry.commitments()).hasSize(1);

        List<AuditRecord> before = log.find(query(resident));
        assertThat(before).singleElement().satisfies(r -> assertThat(r.event().subjectId()).isEqualTo(resident));
        Checkpointer.Published checkpoint = log.awaitCheckpoint(Duration.ofSeconds(10));

        assertThat(log.erase(resident)).isEqualTo(1);

        assertThat(log.find(query(resident))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_resident_key WHERE resident = ?", Long.class, resident)).isZero();
        AuditRecord after = log.find(new AuditTrail.Query("CONSENT_RECORDED", "resident", null, "U-MERKLE", null, null, null, null, idx - 1, 1)).get(0);
        assertThat(after.index()).isEqualTo(idx);
        assertThat(after.event().subjectId()).isEqualTo("[erased]");
        assertThat(log.entryBytes(idx).orElseThrow()).isEqualTo(stored);
        assertThat(Proofs.verifyInclusion(idx, checkpoint.size(), Hashes.leaf(stored), log.inclusionProof(idx, checkpoint.size()),
                checkpoint.root()).ok()).isTrue();
    }

    @Test
    void retentionWhenEntriesOlderThanThePeriodThenTheirPersonalDataIsErasedAndTheyStillVerify() throws Exception {
        String resident = "R-RETAIN" + System.nanoTime();
        long idx = log.appendDurably(AuditEvent.of("CONSENT_RECORDED", "U-MERKLE").subject("resident", resident).build());
        byte[] stored = log.entryBytes(idx).orElseThrow();
        assertThat(log.find(query(resident))).hasSize(1);
        java.time.Clock later = java.time.Clock.fixed(java.time.Instant.now().plus(java.time.Duration.ofDays(6 * 366)), java.time.ZoneOffset.UTC);
        Retention retention = new Retention(jdbc, new org.springframework.transaction.support.TransactionTemplate(transactions), later,
                java.time.Period.ofYears(5));
        assertThat(retention.apply()).isGreaterThanOrEqualTo(1);
        assertThat(log.find(query(resident))).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_resident_key WHERE resident = ?", Long.class, resident)).isZero();
        Checkpointer.Published checkpoint = log.awaitCheckpoint(Duration.ofSeconds(10));
        assertThat(log.entryBytes(idx).orElseThrow()).isEqualTo(stored);
        assertThat(Proofs.verifyInclusion(idx, checkpoint.size(), Hashes.leaf(stored), log.inclusionProof(idx, checkpoint.size()),
                checkpoint.root()).ok()).isTrue();
    }

    private static AuditTrail.Query query(String resident) {
        return new AuditTrail.Query(null, null, null, null, resident, null, null, null, -1, 10);
    }
}
