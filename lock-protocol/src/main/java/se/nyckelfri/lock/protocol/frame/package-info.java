/**
 * The transport-neutral wire format between backend, gateway and lock: versioned, length-prefixed frames with a
 * maximum size, the messages they carry, chunking for BLE GATT, and a decoder that answers garbage with typed
 * errors, never with an exception or a hang.
 */
package se.nyckelfri.lock.protocol.frame;
