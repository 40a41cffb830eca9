package se.nyckelfri.access.staff;

import java.time.Instant;
import java.util.UUID;

/**
 * Published, inside the transaction that ends it, when a staff member's employment ends. Listeners that act on
 * it (revoking grants) run in that same transaction, so either everything ends or nothing does.
 */
public record EmploymentEnded(UUID staffMemberId, String byPseudonym, Instant at) {
}
