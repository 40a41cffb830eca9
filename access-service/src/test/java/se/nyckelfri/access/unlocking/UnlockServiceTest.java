package se.nyckelfri.access.unlocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.grant.policy.DenyReason;
import se.nyckelfri.access.testsupport.AccessModuleTest;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.audit.AuditTrail;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;

/**
 * The unlocking module on its own: policy, credential (recorded, then signed), the lock's own checks and its signed
 * receipt, idempotency and the denial limit, with a simulated lock behind an in-memory fleet link. The outcomes are
 * the domain's ({@link UnlockOutcome}); how the staff API answers each is mobile-api's business.
 */
class UnlockServiceTest extends AccessModuleTest {

    private static final Actor ADMIN = new Actor("admin:unlock-test", "U-UNLOCK-TEST", Role.ADMIN, Set.of(), null);

    @Autowired
    UnlockService unlocks;
    @Autowired
    GrantService grants;
    @Autowired
    Accounts accounts;
    @Autowired
    IssuerKeyRing issuerKeys;
    @Autowired
    AuditTrail trail;

    TestWorlds.World world;
    SimulatedLock lock;
    UUID gatewayId;
    Actor staff;

    @BeforeEach
    void aHomeWithALockOnTheAir() {
        world = worlds.create();
        TestWorlds.Home home = worlds.home(world.a(), "Testgatan 1", kid -> issuerKeys.trusted(kid).orElse(null));
        lock = home.lock();
        fleet.install(lock);
        gatewayId = home.gatewayId();
        staff = accounts.find(world.a().staff()).orElseThrow();
    }

    @Test
    void unlockWhenGrantedNowThenTheLockOpensAndARetryGetsTheSameOutcomeWithoutASecondCredential() {
        grantNow();
        String key = "key-" + UUID.randomUUID();

        UnlockOutcome first = unlocks.unlock(staff, lock.lockId(), key);

        assertThat(first).isInstanceOf(UnlockOutcome.LockAnswered.class);
        UnlockOutcome.LockAnswered answered = (UnlockOutcome.LockAnswered) first;
        assertThat(answered.outcome()).isEqualTo("OPENED");
        assertThat(answered.receiptCounter()).isEqualTo(lock.counter());
        assertThat(unlocks.unlock(staff, lock.lockId(), key)).as("the same key, the first outcome").isEqualTo(first);
        assertThat(issued()).as("one credential for the key").isEqualTo(1);
        assertThat(lock.counter()).as("the lock was asked once").isEqualTo(answered.receiptCounter());
    }

    @Test
    void unlockWhenNoGrantThenDeniedAndRecordedWithoutAskingTheLock() {
        long counter = lock.counter();

        UnlockOutcome outcome = unlocks.unlock(staff, lock.lockId(), "key-" + UUID.randomUUID());

        assertThat(outcome).isInstanceOf(UnlockOutcome.Denied.class);
        UnlockOutcome.Denied denied = (UnlockOutcome.Denied) outcome;
        assertThat(denied.reason()).isEqualTo(DenyReason.NO_GRANT);
        assertThat(trail.find(new AuditTrail.Query("UNLOCK_DENIED", "lock", lock.lockId().toString(), null, null, null, -1, 10)))
                .singleElement().satisfies(r -> assertThat(r.index()).isEqualTo(denied.auditIndex()));
        assertThat(lock.counter()).isEqualTo(counter);
        assertThat(issued()).isZero();
    }

    @Test
    void unlockWhenTheGatewayDoesNotAnswerThenUnreachableAndNoCredentialIssued() {
        grantNow();
        fleet.offline(gatewayId, true);

        UnlockOutcome outcome = unlocks.unlock(staff, lock.lockId(), "key-" + UUID.randomUUID());

        assertThat(outcome).isEqualTo(new UnlockOutcome.Unreachable(FleetLinkException.Failure.NO_REPLY, true));
        assertThat(issued()).isZero();
    }

    @Test
    void unlockWhenRefusedFiveTimesThenTheSixthIsRateLimitedAndRecorded() {
        for (int i = 0; i < DenialLimiter.LIMIT; i++) {
            assertThat(unlocks.unlock(staff, lock.lockId(), "key-" + UUID.randomUUID())).isInstanceOf(UnlockOutcome.Denied.class);
        }
        grantNow();

        UnlockOutcome sixth = unlocks.unlock(staff, lock.lockId(), "key-" + UUID.randomUUID());

        assertThat(sixth).isInstanceOf(UnlockOutcome.RateLimited.class);
        assertThat(((UnlockOutcome.RateLimited) sixth).retryAfterSeconds()).isPositive();
        assertThat(trail.find(new AuditTrail.Query("UNLOCK_RATE_LIMITED", "lock", lock.lockId().toString(), null, null, null,
                -1, 10))).hasSize(1);
    }

    private void grantNow() {
        Instant now = Instant.now();
        grants.grant(ADMIN, TestGrants.once(now.minusSeconds(60), Duration.ofHours(1)).to(world.a()).request());
    }

    private long issued() {
        return trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", lock.lockId().toString(), null, null, null, -1, 100)).size();
    }
}
