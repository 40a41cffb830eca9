/**
 * The demo district of the default run: one municipality, two care providers, three care units, 30 residents,
 * 40 staff, doors, locks, gateways and grants, and demo users for every role.
 */
package se.nyckelfri.platform.demo;
