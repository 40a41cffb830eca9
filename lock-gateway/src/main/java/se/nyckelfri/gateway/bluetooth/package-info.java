/**
 * The gateway's Bluetooth link to the locks in the home: the {@link se.nyckelfri.gateway.bluetooth.LockLink}
 * boundary and its RFCOMM implementation on BlueCove.
 */
package se.nyckelfri.gateway.bluetooth;
