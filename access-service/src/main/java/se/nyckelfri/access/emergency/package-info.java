/** Emergency openings (break-glass) after the fact: found in the audit log with the lock's verdict, and reviewed by the care unit's manager. */
package se.nyckelfri.access.emergency;
