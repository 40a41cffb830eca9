package se.nyckelfri.access.premises;

import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A gateway's presence as its broker connection reports it (its retained status, or its last will): online or not,
 * and when it was last heard. Called from the fleet link's listener, outside any transaction. Thread-safe.
 */
@Component
public class GatewayPresence {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    GatewayPresence(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Records the gateway's presence; a gateway that comes online is announced ({@link GatewayCameOnline}). */
    public void record(UUID gatewayId, boolean online) {
        jdbc.update("UPDATE gateway SET online = ?, last_seen_at = now() WHERE id = ?", online, gatewayId);
        if (online) {
            events.publishEvent(new GatewayCameOnline(gatewayId));
        }
    }
}
