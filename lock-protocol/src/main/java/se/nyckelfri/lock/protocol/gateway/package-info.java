/**
 * The gateway link: MQTT topics and the envelopes in which backend and gateway pass lock frames. Shared by both
 * sides, neither of which may depend on the other. The gateway relays frames; it never creates or changes one.
 */
package se.nyckelfri.lock.protocol.gateway;
