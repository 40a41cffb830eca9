/** The lock's Bluetooth Low Energy GATT profile: how a phone reaches a lock at the door. */
package se.nyckelfri.lock.protocol.gatt;
