package se.nyckelfri.platform.system;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.audit.store.MerkleAuditLog;

/**
 * What "ready" means for the platform ({@code /actuator/health/readiness}, grouped in application.yml): besides the
 * application itself, the database answers ({@code db}), the audit log's sequencer runs and has caught up since start
 * ({@code auditSequencer}: nothing is recorded, so nothing may be opened, without it), and the backend is connected to
 * the gateways' MQTT broker ({@code gatewayBroker}: no online opening without it). A load balancer or supervisor
 * sends traffic only then; liveness stays the application's own state, so a broker outage does not get the platform
 * restarted.
 */
@Configuration(proxyBeanMethods = false)
class ReadinessChecks {

    @Bean
    HealthIndicator auditSequencer(MerkleAuditLog log) {
        return () -> log.sequencing() ? Health.up().build() : Health.down().build();
    }

    @Bean
    HealthIndicator gatewayBroker(MqttGatewayFleetLink link) {
        return () -> link.connected() ? Health.up().build() : Health.down().build();
    }
}
