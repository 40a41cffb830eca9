package se.nyckelfri.access.device;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** A phone as its holder and their managers see it in the API: its key by id (hex), never the key itself. */
public record DeviceView(UUID id, UUID staffMemberId, String name, String keyId, Instant registeredAt, Instant blockedAt,
                         String blockReason, Instant offlineUntil, long version) {

    public static DeviceView of(StaffDevice d) {
        return new DeviceView(d.getId(), d.getStaffMemberId(), d.getName(), HexFormat.of().formatHex(d.getKeyId()),
                d.getRegisteredAt(), d.getBlockedAt(), d.getBlockReason(), d.getOfflineUntil(), d.getVersion());
    }

    /** A request to block a phone: why, and the version read (a concurrent change is refused). */
    public record Block(@NotBlank @Size(max = 200) String reason, @NotNull Long version) { }
}
