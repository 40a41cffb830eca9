/**
 * Issuer key generation, storage, rotation and JWKS publication (filled by the unlock issue).
 */
package se.nyckelfri.keyissuer.keys;
