/**
 * What locks learn after commissioning: the revocation list (blocked phones, revoked grants, withdrawn consent, as
 * far as offline credentials are concerned) and the trust anchors (the issuer keys locks trust), each a signed,
 * versioned update, pushed to every lock the platform can reach and carried by every phone to the doors it visits.
 */
@OwnsTables({"revocation_entry", "lock_update"})
package se.nyckelfri.access.lockupdate;

import se.nyckelfri.access.system.OwnsTables;
