/**
 * The gateway's Bluetooth link to the locks in the home (filled by the unlock issue).
 */
package se.nyckelfri.gateway.bluetooth;
