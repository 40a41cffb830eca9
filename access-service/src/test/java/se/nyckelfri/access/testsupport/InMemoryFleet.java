package se.nyckelfri.access.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import se.nyckelfri.access.unlocking.FleetLinkException;
import se.nyckelfri.access.unlocking.GatewayFleetLink;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.frame.Message;

/**
 * The gateway fleet without MQTT or Bluetooth, for the access service's own tests: each exchange goes straight to a
 * simulated lock (the firmware model, with its real checks and signed receipts). Locks are put in place with
 * {@link #install}; a lock not installed, or in a home whose gateway is {@link #offline}, answers as the real link
 * does when nothing comes back. The MQTT link itself is tested in the district module, end to end. Thread-safe.
 */
public final class InMemoryFleet implements GatewayFleetLink {

    private final Map<UUID, SimulatedLock> locks = new ConcurrentHashMap<>();
    private final Set<UUID> offline = ConcurrentHashMap.newKeySet();

    public void install(SimulatedLock lock) {
        locks.put(lock.lockId(), lock);
    }

    /** The gateway {@code gatewayId} stops answering (or, with {@code false}, answers again). */
    public void offline(UUID gatewayId, boolean down) {
        if (down) {
            offline.add(gatewayId);
        } else {
            offline.remove(gatewayId);
        }
    }

    @Override
    public Message exchange(UUID gatewayId, UUID lockId, Message request, Duration timeout) throws FleetLinkException {
        SimulatedLock lock = locks.get(lockId);
        if (offline.contains(gatewayId) || lock == null) {
            throw new FleetLinkException(FleetLinkException.Failure.NO_REPLY, "no reply from gateway " + gatewayId);
        }
        return lock.handle(request);
    }
}
