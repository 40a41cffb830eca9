/**
 * Issuer key generation, storage, rotation and JWKS publication.
 */
package se.nyckelfri.keyissuer.keys;
