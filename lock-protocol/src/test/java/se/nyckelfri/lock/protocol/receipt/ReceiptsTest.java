package se.nyckelfri.lock.protocol.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.nyckelfri.lock.protocol.TestKeys;
import se.nyckelfri.lock.protocol.cose.CoseSign1;

class ReceiptsTest {

    static final KeyPair LOCK_KEY = TestKeys.p256();
    static final UUID LOCK = UUID.randomUUID();

    static byte[] receipt(long counter, byte[] previous, ReceiptClaims.Outcome outcome, KeyPair key) {
        return Receipts.sign(new ReceiptClaims(LOCK, counter, previous, new byte[16], outcome, 0,
                Instant.parse("2026-11-24T07:10:00Z"), 87), Receipts.keyId(key.getPublic()), CoseSign1.signerFor(key.getPrivate()));
    }

    @Test
    void verifyWhenSignedByTheLockThenClaimsBack() throws Exception {
        byte[] first = receipt(1, Receipts.genesisHash(), ReceiptClaims.Outcome.OPENED, LOCK_KEY);
        ReceiptClaims claims = Receipts.verify(first, LOCK_KEY.getPublic());
        assertThat(claims.counter()).isEqualTo(1);
        assertThat(claims.outcome()).isEqualTo(ReceiptClaims.Outcome.OPENED);
        assertThat(claims.batteryPercent()).isEqualTo(87);
        assertThat(first.length).isLessThan(200);
    }

    @Test
    void chainWhenNextReceiptNamesPreviousHashThenLinked() throws Exception {
        byte[] first = receipt(1, Receipts.genesisHash(), ReceiptClaims.Outcome.OPENED, LOCK_KEY);
        byte[] second = receipt(2, Receipts.hash(first), ReceiptClaims.Outcome.RELOCKED, LOCK_KEY);
        assertThat(Receipts.verify(second, LOCK_KEY.getPublic()).previousHash()).isEqualTo(Receipts.hash(first));
    }

    @Test
    void verifyWhenAnotherLocksKeyOrAnyBitFlippedThenRefused() {
        byte[] forged = receipt(1, Receipts.genesisHash(), ReceiptClaims.Outcome.OPENED, TestKeys.p256());
        assertThatThrownBy(() -> Receipts.verify(forged, LOCK_KEY.getPublic())).isInstanceOf(Receipts.ReceiptException.class);
        byte[] genuine = receipt(1, Receipts.genesisHash(), ReceiptClaims.Outcome.DENIED, LOCK_KEY);
        for (int bit = 0; bit < genuine.length * 8; bit += 3) {
            byte[] flipped = genuine.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> Receipts.verify(flipped, LOCK_KEY.getPublic())).as("bit %d", bit)
                    .isInstanceOf(Receipts.ReceiptException.class);
        }
    }
}
