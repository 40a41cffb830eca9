/**
 * What a lock learns after commissioning, as signed, versioned updates: revocation lists (credentials, grants and
 * blocked device keys), trust anchors (the issuer keys it trusts, signed by its trust root) and time.
 */
package se.nyckelfri.lock.protocol.update;
