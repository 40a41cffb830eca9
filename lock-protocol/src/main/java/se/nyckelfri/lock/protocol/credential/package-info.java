/**
 * CWT/COSE_Sign1 credentials: encoding, decoding and verification (filled by the unlock issue).
 */
package se.nyckelfri.lock.protocol.credential;
