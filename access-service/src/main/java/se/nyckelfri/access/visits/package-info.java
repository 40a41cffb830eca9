/** Planned versus actual: for a day, each resident's grants next to the openings their door actually saw. */
package se.nyckelfri.access.visits;
