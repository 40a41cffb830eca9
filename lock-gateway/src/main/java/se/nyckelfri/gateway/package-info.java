/**
 * The edge program in a home: relays between MQTT and the locks over Bluetooth; it never decides (filled by the unlock issue).
 */
package se.nyckelfri.gateway;
