package se.nyckelfri.access.unlocking;

import java.time.Duration;
import java.util.UUID;
import se.nyckelfri.lock.protocol.frame.Message;

/**
 * The backend's way to a lock: through the gateway in its home.
 *
 * <p>Contract: {@link #exchange} returns the lock's answer to {@code request}, or throws {@link FleetLinkException}
 * saying why not, within {@code timeout} plus a small transport margin; it MUST NOT resend a request by itself.
 * Implementations are thread-safe.
 */
public interface GatewayFleetLink {

    Message exchange(UUID gatewayId, UUID lockId, Message request, Duration timeout) throws FleetLinkException;
}
