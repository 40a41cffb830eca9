/**
 * Residents (pseudonymous; name and personal identity number only sealed), the care units serving them, and
 * their consent to digital locks, without which no grant works.
 */
@OwnsTables(value = {"resident", "resident_care_unit", "consent", "resident_service_request"}, views = {"consent_in_force", "resident_unit"})
package se.nyckelfri.access.resident;

import se.nyckelfri.access.system.OwnsTables;
