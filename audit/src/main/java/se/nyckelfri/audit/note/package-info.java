/**
 * C2SP signed notes with Ed25519 (log signatures, type 0x01) and timestamped Ed25519 cosignatures (type 0x04),
 * verifier keys, and C2SP tlog-checkpoint bodies.
 */
package se.nyckelfri.audit.note;
