/**
 * Emergency openings (break-glass): each a row written with its audit entry, linked to its credential and to the
 * lock's receipt about it, and reviewed once by a manager of a care unit serving the resident.
 */
@OwnsTables({"emergency_opening", "emergency_review"})
package se.nyckelfri.access.emergency;

import se.nyckelfri.access.system.OwnsTables;
