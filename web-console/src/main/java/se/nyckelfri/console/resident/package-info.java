/** Managers' pages about residents: their list, consent, doors and locks, and who has access and why. */
package se.nyckelfri.console.resident;
