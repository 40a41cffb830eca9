/**
 * Doors, the locks on them and the gateways that reach the locks: a flat door serves one household, an entrance
 * (port) serves many; a lock has a vendor id, the P-256 public key registered at commissioning and a life cycle.
 */
package se.nyckelfri.access.premises;
