/**
 * The edge program in a home: relays between MQTT and the locks over Bluetooth; it never decides.
 */
package se.nyckelfri.gateway;
