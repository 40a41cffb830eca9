/**
 * Unlocking: opening and locking a door through the home's gateway. The policy's decision, the lock's challenge over
 * the gateway fleet link (MQTT, per-gateway broker credentials), a credential recorded then signed, and the lock's own
 * verdict as a signed receipt in the receipt ledger; idempotency records per key, denials audited and rate-limited.
 * {@link se.nyckelfri.access.unlocking.UnlockService} returns a sealed
 * {@link se.nyckelfri.access.unlocking.UnlockOutcome}; the staff API maps it to HTTP.
 */
@OwnsTables({"lock_receipt", "unlock_record"})
package se.nyckelfri.access.unlocking;

import se.nyckelfri.access.system.OwnsTables;
