package se.nyckelfri.access.premises;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A Bluetooth gateway in a home or building that relays between the backend and its locks. */
@Entity
@Table(name = "gateway")
public class Gateway {

    @Id
    private UUID id;
    private String serial;
    private String location;
    /** The care unit it was registered for; {@code null} when an administrator registered it for the whole fleet. */
    private UUID careUnitId;
    /** A broker user name column kept from the first schema; unused: a gateway signs in to the broker with its own id (GatewayCredentials). */
    private String brokerUsername;
    private Instant lastSeenAt;
    private boolean online;
    private Instant createdAt;
    @Version
    private Long version;

    protected Gateway() {
    }

    Gateway(String serial, String location, UUID careUnitId, Instant now) {
        this.id = UUID.randomUUID();
        this.serial = serial;
        this.location = location;
        this.careUnitId = careUnitId;
        this.createdAt = now;
    }

    public UUID getId() {
        return id;
    }

    public String getSerial() {
        return serial;
    }

    public String getLocation() {
        return location;
    }

    public UUID getCareUnitId() {
        return careUnitId;
    }

    public String getBrokerUsername() {
        return brokerUsername;
    }

    public Instant getLastSeenAt() {
        return lastSeenAt;
    }

    public boolean isOnline() {
        return online;
    }

    public Long getVersion() {
        return version;
    }
}
