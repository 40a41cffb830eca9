package se.nyckelfri.access.device;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.lock.protocol.cose.P256;

/**
 * A staff member's phone, known by its public key (a compressed P-256 point made on the phone; the private key
 * never leaves it). Once blocked, it stays blocked: a found phone registers again, with a new key.
 */
@Entity
@Table(name = "staff_device")
public class StaffDevice {

    @Id
    private UUID id;
    private UUID staffMemberId;
    private String name;
    private byte[] publicKey;
    private byte[] keyId;
    private Instant registeredAt;
    private Instant blockedAt;
    private String blockedBy;
    private String blockReason;
    /** The latest expiry of an offline credential issued to this device: until then a block must reach the locks. */
    private Instant offlineUntil;
    @Version
    private Long version;

    protected StaffDevice() {
    }

    StaffDevice(UUID staffMemberId, String name, byte[] publicKey, Instant now) {
        this.id = UUID.randomUUID();
        this.staffMemberId = staffMemberId;
        this.name = name;
        this.publicKey = publicKey.clone();
        this.keyId = P256.deviceKeyId(publicKey);
        this.registeredAt = now;
    }

    /** Blocks the device; refused if it is blocked already. */
    void block(String by, String reason, Instant at) {
        if (blockedAt != null) {
            throw new ConflictException("DEVICE_ALREADY_BLOCKED", "This device is already blocked.");
        }
        blockedAt = at;
        blockedBy = by;
        blockReason = reason;
    }

    /** Offline credentials issued to it now live until {@code expiry}. */
    void offlineUntil(Instant expiry) {
        if (offlineUntil == null || expiry.isAfter(offlineUntil)) {
            offlineUntil = expiry;
        }
    }

    public boolean isBlocked() {
        return blockedAt != null;
    }

    public UUID getId() {
        return id;
    }

    public UUID getStaffMemberId() {
        return staffMemberId;
    }

    public String getName() {
        return name;
    }

    /** The compressed point. */
    public byte[] getPublicKey() {
        return publicKey.clone();
    }

    /** What revocation lists name it by: the first 16 bytes of SHA-256 over the compressed point. */
    public byte[] getKeyId() {
        return keyId.clone();
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }

    public Instant getBlockedAt() {
        return blockedAt;
    }

    public String getBlockReason() {
        return blockReason;
    }

    public Instant getOfflineUntil() {
        return offlineUntil;
    }

    public Long getVersion() {
        return version;
    }
}
