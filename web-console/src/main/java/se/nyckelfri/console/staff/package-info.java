/** Managers' pages about their staff: employment (active or ended) and each member's grants. */
package se.nyckelfri.console.staff;
