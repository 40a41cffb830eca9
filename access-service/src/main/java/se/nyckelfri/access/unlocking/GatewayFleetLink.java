package se.nyckelfri.access.unlocking;

import java.time.Duration;
import java.util.Set;
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

    /** What became of one lock's part in {@link #exchangeWithEach}: its answer, or why there is none. */
    interface Answers {
        void answered(UUID lockId, Message answer);

        void failed(UUID lockId, FleetLinkException failure);
    }

    /**
     * Sends the same {@code request} to every lock of {@code lockIds} behind {@code gatewayId}, at once, and tells
     * {@code answers} about each lock as soon as its answer (or failure) is known; returns when every lock has been
     * told, within {@code timeout} plus the transport margin. Each lock is told exactly once. Like {@link #exchange}
     * it MUST NOT resend. This default sends one exchange per lock, one after the other; a link that can reach all the
     * locks of a home with one message does so.
     */
    default void exchangeWithEach(UUID gatewayId, Set<UUID> lockIds, Message request, Duration timeout, Answers answers) {
        for (UUID lockId : lockIds) {
            try {
                answers.answered(lockId, exchange(gatewayId, lockId, request, timeout));
            } catch (FleetLinkException e) {
                answers.failed(lockId, e);
            }
        }
    }
}
