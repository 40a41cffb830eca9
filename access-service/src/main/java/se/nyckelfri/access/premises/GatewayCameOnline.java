package se.nyckelfri.access.premises;

import java.util.UUID;

/** Published when a gateway reports itself online (at start, or back after an outage): its locks can be reached again. */
public record GatewayCameOnline(UUID gatewayId) {
}
