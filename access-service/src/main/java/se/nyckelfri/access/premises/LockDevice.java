package se.nyckelfri.access.premises;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import se.nyckelfri.access.system.ConflictException;

/**
 * A smart lock on a door. Its public key, registered at commissioning, is what its receipts are verified against.
 * Life cycle: COMMISSIONED → ACTIVE → DECOMMISSIONED (or COMMISSIONED → DECOMMISSIONED); only ACTIVE locks open.
 */
@Entity
@Table(name = "lock_device")
public class LockDevice {

    /** Where the lock is in its life. */
    public enum State { COMMISSIONED, ACTIVE, DECOMMISSIONED }

    @Id
    private UUID id;
    private UUID doorId;
    private String vendor;
    private String vendorLockId;
    private byte[] publicKey;
    private UUID gatewayId;
    @Enumerated(EnumType.STRING)
    private State state;
    private Instant commissionedAt;
    private Integer batteryPercent;
    private Instant lastReceiptAt;
    @Version
    private Long version;

    protected LockDevice() {
    }

    LockDevice(UUID doorId, String vendor, String vendorLockId, byte[] publicKey, UUID gatewayId, Instant now) {
        this.id = UUID.randomUUID();
        this.doorId = doorId;
        this.vendor = vendor;
        this.vendorLockId = vendorLockId;
        this.publicKey = publicKey.clone();
        this.gatewayId = gatewayId;
        this.state = State.COMMISSIONED;
        this.commissionedAt = now;
    }

    void activate() {
        if (state != State.COMMISSIONED) {
            throw new ConflictException("LOCK_NOT_COMMISSIONED", "Only a commissioned lock can be activated; this one is " + state + ".");
        }
        state = State.ACTIVE;
    }

    void decommission() {
        if (state == State.DECOMMISSIONED) {
            throw new ConflictException("LOCK_DECOMMISSIONED", "This lock is already decommissioned.");
        }
        state = State.DECOMMISSIONED;
    }

    public UUID getId() {
        return id;
    }

    public UUID getDoorId() {
        return doorId;
    }

    public String getVendor() {
        return vendor;
    }

    public String getVendorLockId() {
        return vendorLockId;
    }

    public byte[] getPublicKey() {
        return publicKey.clone();
    }

    public UUID getGatewayId() {
        return gatewayId;
    }

    public State getState() {
        return state;
    }

    public Instant getCommissionedAt() {
        return commissionedAt;
    }

    public Long getVersion() {
        return version;
    }

    /** Battery as the lock's latest receipt said; {@code null} before the first. */
    public Integer getBatteryPercent() {
        return batteryPercent;
    }

    /** The lock's clock on its latest receipt. */
    public Instant getLastReceiptAt() {
        return lastReceiptAt;
    }
}
