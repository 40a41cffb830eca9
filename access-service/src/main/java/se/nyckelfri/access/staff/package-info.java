/**
 * Staff members of the care units, their employment, and the end of employment that ends every grant.
 */
@OwnsTables(value = {"staff_member"}, views = {"staff_employment"})
package se.nyckelfri.access.staff;

import se.nyckelfri.access.system.OwnsTables;
