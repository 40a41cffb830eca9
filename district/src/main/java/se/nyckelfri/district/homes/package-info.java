/**
 * The simulated district of the default run: every demo home's lock as a simulated lock on emulated Bluetooth, and
 * its gateway as the real gateway relay, connected to the platform's broker.
 */
package se.nyckelfri.district.homes;
