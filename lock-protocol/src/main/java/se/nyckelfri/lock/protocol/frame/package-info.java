/**
 * Length-prefixed, versioned binary frames and their hardened decoder (filled by the unlock issue).
 */
package se.nyckelfri.lock.protocol.frame;
