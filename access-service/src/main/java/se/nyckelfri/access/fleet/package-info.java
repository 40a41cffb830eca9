/**
 * The backend's link to the gateway fleet over MQTT: per-gateway broker credentials, and request/reply exchanges
 * with a lock through its gateway.
 */
package se.nyckelfri.access.fleet;
