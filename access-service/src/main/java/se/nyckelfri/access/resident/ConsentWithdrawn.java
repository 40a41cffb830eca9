package se.nyckelfri.access.resident;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that records it, when a resident's consent to digital locks is withdrawn, so that
 * what was issued for the resident's doors ahead of time (offline credentials) can be revoked at the locks too.
 */
public record ConsentWithdrawn(UUID residentId, Instant at) {
}
