/**
 * Reading and writing the small CBOR maps the lock protocol carries, with strict types: a claim of the wrong type
 * is malformed, never coerced.
 */
package se.nyckelfri.lock.protocol.cbor;
