/**
 * Lock-signed COSE_Sign1 receipts with counters and hash links (filled by the unlock issue).
 */
package se.nyckelfri.lock.protocol.receipt;
