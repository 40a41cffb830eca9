/**
 * The lock's wire contract: frames, message types, credential and receipt formats, shared by backend, gateway and lock (filled by the unlock issue).
 */
package se.nyckelfri.lock.protocol;
