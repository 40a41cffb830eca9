/**
 * The lock's wire contract: frames, message types, credential and receipt formats, shared by backend, gateway and lock.
 */
package se.nyckelfri.lock.protocol;
