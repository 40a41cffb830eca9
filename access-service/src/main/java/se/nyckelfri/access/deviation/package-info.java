/**
 * Deviations (avvikelser): what a staff member reports when a door did not open or behaved oddly, with the lock's
 * receipt or the app's error attached, and its follow-up by the managers of the reporter's unit; each step audited.
 */
@OwnsTables({"deviation"})
package se.nyckelfri.access.deviation;

import se.nyckelfri.access.system.OwnsTables;
