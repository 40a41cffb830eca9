package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.audittrail.Anomalies;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.unlocking.ReceiptLedger;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * A lock's receipts form a chain: each names the one before it by hash. A receipt that names another than the one
 * stored before it (a cloned lock's, a replaced one) is listed for the auditors next to counter gaps.
 */
class BrokenReceiptChainTest extends PlatformIntegrationTest {

    private static final Actor ADMIN = new Actor("test-admin", "U-CHAINTEST", Role.ADMIN, Set.of(), null);
    private static final Actor AUDITOR = new Actor("test-auditor", "U-CHAINAUD", Role.AUDITOR, Set.of(), null);

    @Autowired
    PremisesService premises;
    @Autowired
    ReceiptLedger ledger;
    @Autowired
    Anomalies anomalies;

    private UUID registeredLock(World world, KeyPair key) {
        Door door = premises.registerDoor(ADMIN, Door.Kind.FLAT, "Kedjegatan 1, lgh 1001", Set.of(world.a().residentId()));
        LockDevice lock = premises.registerLock(ADMIN, door.getId(), "nyckelfri-sim", "SIM-" + UUID.randomUUID(),
                key.getPublic().getEncoded(), null);
        return lock.getId();
    }

    private static SimulatedLock withKey(UUID lockId, KeyPair key) {
        Flash flash = Flash.inMemory();
        SimulatedLock.provision(flash, key);
        return new SimulatedLock(lockId, flash, Clock.systemUTC(), kid -> null);
    }

    private static byte[] relock(SimulatedLock lock) {
        return ((Message.Result) lock.handle(new Message.Relock(null))).receipt();
    }

    @Test
    void anomaliesWhenAReceiptDoesNotFollowTheOneStoredBeforeItThenItsBrokenLinkIsListedAndAnIntactChainIsNot() throws Exception {
        World world = worlds.create();
        Instant since = Instant.now().minusSeconds(1);
        KeyPair key = P256.generate();
        UUID forked = registeredLock(world, key);
        SimulatedLock original = withKey(forked, key);
        SimulatedLock clone = withKey(forked, key);                    // the same key in a second device
        clone.battery(60);                                             // so its receipts are not the original's bytes
        ledger.record(forked, relock(original), "test");
        relock(clone);
        ledger.record(forked, relock(clone), "test");                   // counter 2, naming the clone's own first

        KeyPair intactKey = P256.generate();
        UUID intact = registeredLock(world, intactKey);
        SimulatedLock honest = withKey(intact, intactKey);
        for (int i = 0; i < 3; i++) {
            ledger.record(intact, relock(honest), "test");
        }

        Anomalies.Report report = anomalies.since(AUDITOR, since.minus(Duration.ofMinutes(1)));
        assertThat(report.brokenLinks()).contains(new Anomalies.BrokenLink(forked, 2))
                .noneMatch(b -> b.lock().equals(intact));
        assertThat(report.gaps()).noneMatch(g -> g.lock().equals(forked) || g.lock().equals(intact));
    }
}
