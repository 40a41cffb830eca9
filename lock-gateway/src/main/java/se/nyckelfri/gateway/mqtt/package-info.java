/**
 * The gateway's outward MQTT 5 link to the backend (filled by the unlock issue).
 */
package se.nyckelfri.gateway.mqtt;
