/**
 * Doors, the locks on them and the gateways that reach the locks: a flat door serves one household, an entrance
 * (port) serves many; a lock has a vendor id, the P-256 public key registered at commissioning and a life cycle.
 */
@OwnsTables(value = {"gateway", "door", "door_resident", "lock_device"}, views = {"lock_status", "lock_resident"})
package se.nyckelfri.access.premises;

import se.nyckelfri.access.system.OwnsTables;
