package se.nyckelfri.lock.protocol.gateway;

import java.util.UUID;

/**
 * Topics per gateway, {@code nyckelfri/gw/<gatewayId>/...}. A gateway may subscribe to its own {@code cmd} and
 * publish to its own {@code reply}, {@code events} and {@code status}, nothing else (the broker enforces it).
 */
public final class GatewayTopics {

    public static final String ROOT = "nyckelfri/gw/";

    /**
     * The largest MQTT packet either side of the link accepts, in bytes. An envelope carries at most one frame (a
     * whole revocation or trust-anchor update, {@code Frame.HEADER + Frame.MAX_UPDATE_PAYLOAD}, 12,806 bytes) or one
     * receipt (512) plus two ids; 16 KiB leaves room for the topic and properties and refuses anything else before it
     * is read into memory. A broker MUST be configured with it (docs/design/gateway-link.md); every client of the link
     * announces it when it connects.
     */
    public static final int MAX_PACKET = 16 * 1024;

    private static final String CLIENT_PREFIX = "gw-";

    private GatewayTopics() {
    }

    /**
     * The only MQTT client id a gateway may connect with, bound to the gateway id it authenticates as, so that no
     * gateway can take over another's session (a broker disconnects the older of two clients with one id).
     */
    public static String clientId(UUID gateway) {
        return CLIENT_PREFIX + gateway;
    }

    /** Backend → gateway: commands for its locks. */
    public static String commands(UUID gateway) {
        return ROOT + gateway + "/cmd";
    }

    /** Gateway → backend: the answer to each command. */
    public static String replies(UUID gateway) {
        return ROOT + gateway + "/reply";
    }

    /** Gateway → backend: journalled receipts, delivered at least once (the backend keeps each once). */
    public static String events(UUID gateway) {
        return ROOT + gateway + "/events";
    }

    /** Gateway → backend, retained: {@code online}, or {@code offline} as the gateway's last will. */
    public static String status(UUID gateway) {
        return ROOT + gateway + "/status";
    }

    /** The gateway id in a topic of this tree, or {@code null}. */
    public static UUID gatewayOf(String topic) {
        if (!topic.startsWith(ROOT)) {
            return null;
        }
        int end = topic.indexOf('/', ROOT.length());
        try {
            return UUID.fromString(topic.substring(ROOT.length(), end < 0 ? topic.length() : end));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
