/**
 * Store-and-forward journal of receipts and lock events (filled by the unlock issue).
 */
package se.nyckelfri.gateway.journal;
