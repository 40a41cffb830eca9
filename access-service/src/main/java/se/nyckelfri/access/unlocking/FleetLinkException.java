package se.nyckelfri.access.unlocking;

import se.nyckelfri.lock.protocol.gateway.GatewayEnvelope;

/** An exchange through a gateway that did not return the lock's answer. */
public final class FleetLinkException extends Exception {

    /** Why: the gateway's own status, or NO_REPLY when the gateway did not answer in time (offline, say). */
    public enum Failure { NO_REPLY, UNREACHABLE, DROPPED, TIMEOUT, PROTOCOL, UNKNOWN_LOCK }

    private final Failure failure;

    public FleetLinkException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    static FleetLinkException of(GatewayEnvelope.Status status) {
        return new FleetLinkException(Failure.valueOf(status.name()), "gateway reported " + status);
    }

    public Failure failure() {
        return failure;
    }
}
