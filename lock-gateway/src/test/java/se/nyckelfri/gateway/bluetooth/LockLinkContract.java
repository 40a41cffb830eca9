package se.nyckelfri.gateway.bluetooth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.fixtures.issuer.TestIssuer;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/** What every {@link LockLink} must do; each implementation's test extends this. */
abstract class LockLinkContract {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    final TestIssuer issuer = new TestIssuer();
    SimulatedLock lock;
    LockLink link;

    abstract LockLink connect(SimulatedLock lock);

    /** Makes the lock unreachable (out of range, or powered off). */
    abstract void takeOffline();

    @BeforeEach
    void lockAndLink() {
        lock = new SimulatedLock(UUID.randomUUID(), Flash.inMemory(), Clock.systemUTC(), issuer.trust());
        link = connect(lock);
    }

    @AfterEach
    void close() {
        link.close();
    }

    @Test
    void exchangeWhenUnlockWithValidCredentialThenLockSignedOpenedReceipt() throws Exception {
        Message.Challenge challenge = (Message.Challenge) link.exchange(new Message.Hello(), TIMEOUT);
        assertThat(challenge.lockId()).isEqualTo(lock.lockId());
        Message.Result result = (Message.Result) link.exchange(new Message.Unlock(
                issuer.credential(lock.lockId(), challenge.nonce())), TIMEOUT);
        ReceiptClaims receipt = Receipts.verify(result.receipt(), lock.publicKey());
        assertThat(receipt.outcome()).isEqualTo(ReceiptClaims.Outcome.OPENED);
    }

    @Test
    void exchangeWhenLockAnswersTooSlowlyThenTimeoutAndLinkRecovers() throws Exception {
        lock.faults().responseDelay(Duration.ofMillis(1500));
        assertThatThrownBy(() -> link.exchange(new Message.StatusRequest(), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(LockLinkException.class,
                        e -> assertThat(e.failure()).isEqualTo(LockLinkException.Failure.TIMEOUT));
        lock.faults().responseDelay(Duration.ZERO);
        Thread.sleep(1500);
        assertThat(link.exchange(new Message.StatusRequest(), TIMEOUT)).isInstanceOf(Message.Status.class);
    }

    @Test
    void exchangeWhenLinkDropsMidAnswerThenDroppedNoRetryAndTheReceiptStaysWithTheLock() throws Exception {
        Message.Challenge challenge = (Message.Challenge) link.exchange(new Message.Hello(), TIMEOUT);
        lock.faults().dropAfterBytes(20);
        assertThatThrownBy(() -> link.exchange(new Message.Unlock(issuer.credential(lock.lockId(), challenge.nonce())), TIMEOUT))
                .isInstanceOfSatisfying(LockLinkException.class,
                        e -> assertThat(e.failure()).isEqualTo(LockLinkException.Failure.DROPPED));
        assertThat(lock.counter()).as("the lock acted exactly once").isEqualTo(1);
        Message.Events events = (Message.Events) link.exchange(new Message.ReadEvents(0), TIMEOUT);
        assertThat(events.receipts()).hasSize(1);
        assertThat(Receipts.verify(events.receipts().get(0), lock.publicKey()).outcome()).isEqualTo(ReceiptClaims.Outcome.OPENED);
    }

    @Test
    void exchangeWhenLockUnreachableThenUnreachable() {
        takeOffline();
        assertThatThrownBy(() -> link.exchange(new Message.Hello(), TIMEOUT))
                .isInstanceOfSatisfying(LockLinkException.class,
                        e -> assertThat(e.failure()).isEqualTo(LockLinkException.Failure.UNREACHABLE));
    }
}
