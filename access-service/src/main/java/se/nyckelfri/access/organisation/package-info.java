/**
 * The care organisation: one municipality, the care providers serving in it (municipal, private under LOV,
 * night patrol, alarm response) and their care units.
 */
@OwnsTables({"municipality", "care_provider", "care_unit"})
package se.nyckelfri.access.organisation;

import se.nyckelfri.access.system.OwnsTables;
