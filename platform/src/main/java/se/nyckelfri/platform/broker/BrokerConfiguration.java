package se.nyckelfri.platform.broker;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.access.unlocking.ReceiptLedger;
import se.nyckelfri.access.premises.GatewayPresence;

/**
 * The gateway link: an embedded broker unless {@code nyckelfri.broker.embedded=false} (then
 * {@code nyckelfri.broker.host/port} name an external one), and the backend's fleet link to it.
 */
@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "nyckelfri.broker.embedded", havingValue = "true", matchIfMissing = true)
    EmbeddedBroker embeddedBroker(@Value("${nyckelfri.data-dir}") Path dataDir, @Value("${nyckelfri.broker.port:1883}") int port,
                                  GatewayCredentials credentials) throws IOException {
        return EmbeddedBroker.start(dataDir.resolve("broker"), port, credentials);
    }

    @Bean(destroyMethod = "close")
    MqttGatewayFleetLink gatewayFleetLink(ObjectProvider<EmbeddedBroker> embedded,
                                          @Value("${nyckelfri.broker.host:127.0.0.1}") String host,
                                          @Value("${nyckelfri.broker.port:1883}") int port, GatewayCredentials credentials,
                                          ReceiptLedger ledger, GatewayPresence presence) {
        EmbeddedBroker broker = embedded.getIfAvailable();
        MqttGatewayFleetLink link = new MqttGatewayFleetLink(host, broker != null ? broker.port() : port,
                credentials.passwordFor(GatewayCredentials.BACKEND));
        // Receipts from gateways' journals: verified against the lock's registered key and kept once each.
        link.onJournalledReceipt((gateway, event) -> {
            try {
                ledger.record(event.lockId(), event.receipt(), "journal:" + gateway);
            } catch (Exception e) {
                log.warn("Refused a journalled receipt from gateway {}: {}", gateway, e.getMessage());
            }
        });
        link.onGatewayStatus(presence::record);
        return link;
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BrokerConfiguration.class);
}
