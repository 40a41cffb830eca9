/**
 * The gateway's outward MQTT 5 link to the backend: commands in, replies and status out, on its own topics only.
 */
package se.nyckelfri.gateway.mqtt;
