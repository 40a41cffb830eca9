/**
 * Who is calling: bearer tokens from the identity provider become an {@link se.nyckelfri.access.actor.Actor}
 * (role, care units, staff member) taken from the local account table; the scope guard refuses and records
 * anything outside a manager's care units.
 */
@OwnsTables({"account", "account_care_unit", "account_former_pseudonym"})
package se.nyckelfri.access.actor;

import se.nyckelfri.access.system.OwnsTables;
