/**
 * Staff members of the care units, their employment, and the end of employment that ends every grant.
 */
package se.nyckelfri.access.staff;
