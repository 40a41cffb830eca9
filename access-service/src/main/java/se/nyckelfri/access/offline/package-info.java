/**
 * Offline credentials: what a registered phone syncs ahead of a shift to open its holder's doors with no network,
 * bound to the phone's key, and the lock receipts it carries home.
 */
@OwnsTables({"offline_credential", "offline_policy"})
package se.nyckelfri.access.offline;

import se.nyckelfri.access.system.OwnsTables;
