/** Planned versus actual visits against the real database and audit log. */
package se.nyckelfri.platform.visits;
