/**
 * Residents (pseudonymous; name and personal identity number only sealed), the care units serving them, and
 * their consent to digital locks, without which no grant works.
 */
package se.nyckelfri.access.resident;
