package se.nyckelfri.access.device;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that blocks it, when a device is blocked. {@code offlineUntil} is when the last
 * offline credential issued to it expires ({@code null}: none was), after which locks may forget the block.
 */
public record DeviceBlocked(UUID deviceId, byte[] keyId, Instant offlineUntil, Instant at) {
}
