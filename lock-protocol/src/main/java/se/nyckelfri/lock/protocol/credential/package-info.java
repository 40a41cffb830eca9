/**
 * Lock credentials: CWT claims in an ES256 COSE_Sign1, at most 200 bytes, issued by the key issuer and verified by
 * the lock itself.
 */
package se.nyckelfri.lock.protocol.credential;
