package se.nyckelfri.access.lockupdate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.premises.LockRegistry;
import se.nyckelfri.access.unlocking.FleetLinkException;
import se.nyckelfri.access.unlocking.GatewayFleetLink;
import se.nyckelfri.access.unlocking.LockClockDrifted;
import se.nyckelfri.access.unlocking.ReceiptLedger;
import se.nyckelfri.keyissuer.signing.LockUpdateSigner;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * Takes updates to the locks through their gateways, many gateways at once ({@code nyckelfri.lock-updates.push-threads},
 * 128 by default: the threads mostly wait for gateways, which work in parallel). Each lock's
 * receipt for an update goes to the receipt ledger. A lock that cannot be reached now gets the update when its
 * gateway comes back, or from the next phone at its door. Thread-safe.
 */
@Component
class LockUpdatePush implements DisposableBean {

    /** How long one lock may take to answer an update. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(LockUpdatePush.class);

    private final LockRegistry locks;
    private final GatewayFleetLink fleet;
    private final ReceiptLedger ledger;
    private final LockUpdateSigner signer;
    private final ExecutorService pool;
    /** Receipts for updates are recorded apart from the sending, so a busy database never holds up the next lock. */
    private final ExecutorService recorder;

    LockUpdatePush(LockRegistry locks, GatewayFleetLink fleet, ReceiptLedger ledger, LockUpdateSigner signer,
                   @Value("${nyckelfri.lock-updates.push-threads:128}") int threads) {
        this.locks = locks;
        this.fleet = fleet;
        this.ledger = ledger;
        this.signer = signer;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lock-update-push-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.recorder = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lock-update-receipts-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * How a push went: when it started, when each lock's answer arrived (the lock had taken the update or refused it
     * by then; its receipt is recorded after), how many could not be reached. Filled in as answers arrive.
     */
    record Delivery(String what, Instant started, int locks, Queue<Instant> answered, AtomicInteger unreachable,
                    AtomicInteger finished) { }

    /**
     * Sends {@code update} to every lock the platform can reach now: one message per gateway, which hands it to all its
     * locks at once ({@link GatewayFleetLink#exchangeWithEach}), every gateway at the same time. Logs how long it took
     * once every lock has answered or failed. The locks' receipts are recorded once the push is over: checking and
     * recording a thousand receipts while the push runs took a sixth of the machine from the locks still to be told
     * (docs/benchmarks.md), and a receipt is never lost by waiting (the lock keeps it among its events, which its
     * gateway reads home).
     */
    Delivery toAll(String what, Message update) {
        Map<UUID, Set<UUID>> byGateway = new LinkedHashMap<>();
        List<LockRegistry.Reachable> reachable = locks.reachable();
        for (LockRegistry.Reachable lock : reachable) {
            byGateway.computeIfAbsent(lock.gatewayId(), g -> new LinkedHashSet<>()).add(lock.lockId());
        }
        Delivery delivery = new Delivery(what, Instant.now(), reachable.size(), new ConcurrentLinkedQueue<>(), new AtomicInteger(),
                new AtomicInteger());
        Queue<Map.Entry<UUID, Message>> toRecord = new ConcurrentLinkedQueue<>();
        GatewayFleetLink.Answers answers = new GatewayFleetLink.Answers() {
            @Override
            public void answered(UUID lockId, Message answer) {
                delivery.answered().add(Instant.now());
                toRecord.add(Map.entry(lockId, answer));
                finished();
            }

            @Override
            public void failed(UUID lockId, FleetLinkException failure) {
                log.debug("Update not delivered to lock {} now: {}", lockId, failure.getMessage());
                delivery.unreachable().incrementAndGet();
                finished();
            }

            private void finished() {
                if (delivery.finished().incrementAndGet() == delivery.locks()) {
                    log.info("{} reached {} of {} reachable locks in {} ms", what, delivery.answered().size(), delivery.locks(),
                            Duration.between(delivery.started(), Instant.now()).toMillis());
                    toRecord.forEach(answered -> record(answered.getKey(), answered.getValue()));
                }
            }
        };
        byGateway.forEach((gateway, locksBehind) -> pool.submit(() -> fleet.exchangeWithEach(gateway, locksBehind, update, TIMEOUT, answers)));
        return delivery;
    }

    /**
     * Brings every lock behind a gateway that came back up to date: the newer trust anchors and revocation list it
     * lacks, and the time if its clock drifted. What would change nothing is not sent: the first trust anchors (they
     * name the keys locks are commissioned with) to a lock that has none yet, and a list that refuses nothing to a lock
     * that holds no list; when there is nothing of either kind, the locks are not even asked (a drifted clock is then
     * set at the next online unlock, {@code LockClockDrifted}).
     */
    void bringUpToDate(UUID gatewayId, LockUpdates.Newest newest) {
        if (newest.trustAnchorVersion() <= LockUpdates.COMMISSIONED_ANCHORS && !newest.revocationsRefuse()) {
            return; // nothing a lock could lack: no call on it while its gateway is just reconnecting
        }
        for (LockRegistry.Reachable lock : locks.behind(gatewayId)) {
            pool.submit(() -> {
                try {
                    if (!(fleet.exchange(gatewayId, lock.lockId(), new Message.StatusRequest(), TIMEOUT) instanceof Message.Status status)) {
                        return;
                    }
                    if (newest.trustAnchors() != null && newest.trustAnchorVersion() > Math.max(LockUpdates.COMMISSIONED_ANCHORS, status.trustAnchorVersion())) {
                        send(gatewayId, lock.lockId(), new Message.TrustAnchorUpdate(newest.trustAnchors()));
                    }
                    if (newest.revocations() != null && newest.revocationVersion() > status.revocationVersion()
                            && (newest.revocationsRefuse() || status.revocationVersion() > 0)) {
                        send(gatewayId, lock.lockId(), new Message.RevocationUpdate(newest.revocations()));
                    }
                    if (Duration.between(Instant.now(), status.lockClock()).abs().compareTo(LockClockDrifted.BEYOND) > 0) {
                        setClock(gatewayId, lock.lockId());
                    }
                } catch (FleetLinkException e) {
                    log.debug("Lock {} not brought up to date now: {}", lock.lockId(), e.getMessage());
                }
            });
        }
    }

    /** Sets a drifted lock's clock: its challenge, answered by a signed time. */
    void setClock(UUID gatewayId, UUID lockId) throws FleetLinkException {
        if (fleet.exchange(gatewayId, lockId, new Message.Hello(), TIMEOUT) instanceof Message.Challenge challenge) {
            send(gatewayId, lockId, new Message.TimeUpdate(signer.time(lockId, challenge.nonce(), "system")));
        }
    }

    /** Sends an update to one lock and records its receipt; whether the lock answered. */
    private boolean send(UUID gatewayId, UUID lockId, Message update) {
        Message answer;
        try {
            answer = fleet.exchange(gatewayId, lockId, update, TIMEOUT);
        } catch (FleetLinkException e) {
            log.debug("Update not delivered to lock {} now: {}", lockId, e.getMessage());
            return false;
        }
        record(lockId, answer);
        return true;
    }

    /** Records the receipt a lock answered an update with, apart from the sending. */
    private void record(UUID lockId, Message answer) {
        if (answer instanceof Message.Result result) {
            recorder.submit(() -> {
                try {
                    ledger.record(lockId, result.receipt(), "update");
                } catch (Receipts.ReceiptException e) {
                    log.warn("Lock {} answered an update with an invalid receipt: {}", lockId, e.getMessage());
                }
            });
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
        recorder.shutdownNow();
    }
}
