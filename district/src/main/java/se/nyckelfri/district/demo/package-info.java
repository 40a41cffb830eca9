/**
 * The demo district of the default run: one municipality, three care providers, four care units, 30 residents,
 * 42 staff, 33 doors with their locks and gateways, about 140 grants, and demo users for every role.
 */
package se.nyckelfri.district.demo;
