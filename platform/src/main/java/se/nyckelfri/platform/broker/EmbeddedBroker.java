package se.nyckelfri.platform.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.lock.protocol.gateway.GatewayTopics;

/**
 * HiveMQ CE inside the platform, on loopback. Every client authenticates: the backend account may command every
 * gateway; a gateway (its id as user name, its provisioned password) may subscribe only to its own command topic
 * and publish only to its own reply, events and status topics. Everything else is denied. A gateway's client id is
 * bound to its account ({@link GatewayTopics#clientId}), and no packet may exceed {@link GatewayTopics#MAX_PACKET}.
 * Thread-safe after start.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private final java.util.function.Supplier<EmbeddedHiveMQ> factory;
    private volatile EmbeddedHiveMQ hivemq;
    private final int port;

    private EmbeddedBroker(java.util.function.Supplier<EmbeddedHiveMQ> factory, int port) {
        this.factory = factory;
        this.port = port;
        this.hivemq = factory.get();
        this.hivemq.start().join();
    }

    /** Starts the broker on {@code port} (0: any free port), keeping its files under {@code directory}. */
    public static EmbeddedBroker start(Path directory, int port, GatewayCredentials credentials) throws IOException {
        int actual = port == 0 ? freePort() : port;
        Path conf = Files.createDirectories(directory.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), """
                <hivemq>
                  <listeners>
                    <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                  </listeners>
                  <persistence><mode>in-memory</mode></persistence>
                  <mqtt><packets><max-packet-size>%d</max-packet-size></packets></mqtt>
                  <restrictions><max-client-id-length>64</max-client-id-length></restrictions>
                  <security><allow-empty-client-id><enabled>false</enabled></allow-empty-client-id></security>
                </hivemq>
                """.formatted(actual, GatewayTopics.MAX_PACKET));
        // Embedded HiveMQ configures the process's logging from conf/logback.xml (or its own default, which drops the
        // application's format). Give it the platform's format so the logs stay one readable stream.
        Files.writeString(conf.resolve("logback.xml"), """
                <configuration>
                  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p --- [%15.15t] %-40.40logger{39} : %m%n</pattern></encoder>
                  </appender>
                  <logger name="com.hivemq" level="WARN"/>
                  <logger name="io.netty" level="WARN"/>
                  <logger name="com.intel.bluetooth" level="WARN"/>
                  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
                </configuration>
                """);
        EmbeddedExtension access = EmbeddedExtension.builder().withId("nyckelfri-access").withName("Nyckelfri broker access")
                .withVersion("1").withPriority(1000).withStartPriority(1000).withAuthor("Nyckelfri")
                .withExtensionMain(new AccessExtension(credentials)).build();
        Path data = Files.createDirectories(directory.resolve("data"));
        Path extensions = Files.createDirectories(directory.resolve("extensions"));
        EmbeddedBroker broker = new EmbeddedBroker(() -> EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                .withDataFolder(data).withExtensionsFolder(extensions).withEmbeddedExtension(access).build(), actual);
        log.info("Embedded MQTT broker ready on 127.0.0.1:{}", actual);
        return broker;
    }

    public int port() {
        return port;
    }

    /** Stops the broker (every client sees its connection drop), as a broker crash or upgrade would. */
    public synchronized void stop() {
        close();
    }

    /** Starts a fresh broker on the same port after {@link #stop()} (sessions are gone, as after a crash). */
    public synchronized void restart() {
        hivemq = factory.get();
        hivemq.start().join();
    }

    @Override
    public synchronized void close() {
        try {
            hivemq.stop().join();
            hivemq.close();
        } catch (Exception e) {
            log.debug("closing broker: {}", e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Authenticates every client and gives it exactly its topics. */
    private static final class AccessExtension implements ExtensionMain {

        private final GatewayCredentials credentials;

        AccessExtension(GatewayCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(provider -> (SimpleAuthenticator) (in, out) -> {
                String user = in.getConnectPacket().getUserName().orElse(null);
                String password = in.getConnectPacket().getPassword()
                        .map(b -> StandardCharsets.UTF_8.decode(b).toString()).orElse(null);
                if (!credentials.verify(user, password)) {
                    out.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown account or wrong password");
                    return;
                }
                if (!clientIdBelongsTo(user, in.getConnectPacket().getClientId())) {
                    out.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "client id not bound to this account");
                    return;
                }
                ModifiableDefaultPermissions permissions = out.getDefaultPermissions();
                if (GatewayCredentials.BACKEND.equals(user)) {
                    allow(permissions, GatewayTopics.ROOT + "#", TopicPermission.MqttActivity.ALL);
                } else {
                    UUID gateway;
                    try {
                        gateway = UUID.fromString(user);
                    } catch (IllegalArgumentException e) {
                        out.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "not a gateway account");
                        return;
                    }
                    allow(permissions, GatewayTopics.commands(gateway), TopicPermission.MqttActivity.SUBSCRIBE);
                    allow(permissions, GatewayTopics.replies(gateway), TopicPermission.MqttActivity.PUBLISH);
                    allow(permissions, GatewayTopics.events(gateway), TopicPermission.MqttActivity.PUBLISH);
                    allow(permissions, GatewayTopics.status(gateway), TopicPermission.MqttActivity.PUBLISH);
                }
                permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
                out.authenticateSuccessfully();
            });
        }

        /**
         * A gateway may connect only as {@code gw-<its id>}, the backend only as {@code nyckelfri-backend-<anything>}:
         * a broker disconnects the older of two sessions with one client id, so an id free for the taking would let
         * one gateway keep another offline.
         */
        private static boolean clientIdBelongsTo(String user, String clientId) {
            if (GatewayCredentials.BACKEND.equals(user)) {
                return clientId.startsWith(GatewayCredentials.BACKEND + "-");
            }
            try {
                return clientId.equals(GatewayTopics.clientId(UUID.fromString(user)));
            } catch (IllegalArgumentException notAGateway) {
                return false;
            }
        }

        private static void allow(ModifiableDefaultPermissions permissions, String filter, TopicPermission.MqttActivity activity) {
            permissions.add(Builders.topicPermission().topicFilter(filter).type(TopicPermission.PermissionType.ALLOW)
                    .activity(activity).build());
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        }
    }
}
