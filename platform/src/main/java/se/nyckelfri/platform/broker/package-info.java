/**
 * The embedded MQTT broker of the default run (HiveMQ CE), with authentication and per-gateway topic authorisation;
 * replaced by an external broker cluster in production.
 */
package se.nyckelfri.platform.broker;
