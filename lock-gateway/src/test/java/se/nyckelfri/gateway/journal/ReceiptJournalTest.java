package se.nyckelfri.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptJournalTest {

    @TempDir
    Path dir;
    final UUID lock = UUID.randomUUID();

    @Test
    void appendWhenCountersRiseThenKeptInOrderAndAcrossRestarts() {
        ReceiptJournal journal = new ReceiptJournal(dir);
        journal.append(lock, 1, new byte[] {1});
        journal.append(lock, 2, new byte[] {2});
        journal.append(lock, 2, new byte[] {9});
        journal.append(lock, 1, new byte[] {9});
        ReceiptJournal again = new ReceiptJournal(dir);
        assertThat(again.lastCounter(lock)).isEqualTo(2);
        assertThat(again.undelivered(lock, 10)).extracting(ReceiptJournal.Entry::counter).containsExactly(1L, 2L);
        assertThat(again.undelivered(lock, 10).get(1).receipt()).containsExactly(2);
    }

    @Test
    void deliveredWhenAcknowledgedThenNotSentAgainEvenAfterRestart() {
        ReceiptJournal journal = new ReceiptJournal(dir);
        for (int i = 1; i <= 3; i++) {
            journal.append(lock, i, new byte[] {(byte) i});
        }
        journal.delivered(lock, 2);
        journal.delivered(lock, 1);
        assertThat(new ReceiptJournal(dir).undelivered(lock, 10)).extracting(ReceiptJournal.Entry::counter).containsExactly(3L);
    }

    @Test
    void readWhenLastRecordTornByPowerCutThenWholeRecordsKeptAndNextAppendRepairs() throws Exception {
        ReceiptJournal journal = new ReceiptJournal(dir);
        journal.append(lock, 1, new byte[] {1, 1});
        Files.write(dir.resolve(lock + ".journal"), new byte[] {0, 0, 0, 0, 0, 0, 0, 2, 0, 0}, StandardOpenOption.APPEND);
        assertThat(journal.lastCounter(lock)).isEqualTo(1);
        journal.append(lock, 2, new byte[] {2, 2});
        assertThat(journal.undelivered(lock, 10)).extracting(ReceiptJournal.Entry::counter).containsExactly(1L, 2L);
    }
}
