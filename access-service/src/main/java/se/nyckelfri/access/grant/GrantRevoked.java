package se.nyckelfri.access.grant;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that revokes it, when a grant is revoked (by a manager, or because employment
 * ended), so that what was issued under it ahead of time (offline credentials) can be revoked at the locks too.
 */
public record GrantRevoked(UUID grantId, UUID residentId, Instant at) {
}
