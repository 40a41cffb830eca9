/**
 * The care organisation: one municipality, the care providers serving in it (municipal, private under LOV,
 * night patrol, alarm response) and their care units.
 */
package se.nyckelfri.access.organisation;
