/**
 * Lock-signed receipts (ES256 COSE_Sign1 by the lock's own key) with a monotonic counter and the hash of the
 * previous receipt, so that every attempt is provable and a dropped one is visible.
 */
package se.nyckelfri.lock.protocol.receipt;
