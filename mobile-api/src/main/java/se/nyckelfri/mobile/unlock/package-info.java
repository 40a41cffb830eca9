/**
 * Opening a door from the staff app: decision, challenge from the lock through its gateway, a credential recorded
 * then signed, the lock's own verdict as a signed receipt. Idempotent per key; denials answered at once, audited
 * and rate-limited.
 */
package se.nyckelfri.mobile.unlock;
