/**
 * COSE_Sign1 (RFC 9052) with ES256 only, on top of the Authlete CBOR/COSE library: the algorithm is pinned here,
 * never taken from a message, and anything but the one expected shape is refused.
 */
package se.nyckelfri.lock.protocol.cose;
