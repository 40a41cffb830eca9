package se.nyckelfri.gateway.bluetooth;

import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;

/** The contract against the in-memory link, which other gateway tests use. */
class InMemoryLockLinkTest extends LockLinkContract {

    InMemoryLockLink memory;

    @Override
    LockLink connect(SimulatedLock lock) {
        memory = new InMemoryLockLink(lock);
        return memory;
    }

    @Override
    void takeOffline() {
        memory.offline(true);
    }
}
