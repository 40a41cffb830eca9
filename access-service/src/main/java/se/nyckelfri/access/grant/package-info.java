/**
 * Access grants: who (one staff member or a whole care unit) may enter which resident's home, when (recurring
 * weekly windows in Europe/Stockholm wall-clock time, one-off ranges, planned visits with tolerance), granted by
 * whom and why; revocation takes effect at once.
 */
@OwnsTables({"access_grant", "grant_window"})
package se.nyckelfri.access.grant;

import se.nyckelfri.access.system.OwnsTables;
