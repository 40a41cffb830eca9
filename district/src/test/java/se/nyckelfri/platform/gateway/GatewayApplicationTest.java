package se.nyckelfri.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.gateway.GatewayApplication;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** The gateway as its own program: its command line, its credentials from a file, online on the broker, clean stop. */
class GatewayApplicationTest extends PlatformIntegrationTest {

    @Autowired
    EmbeddedBroker broker;
    @Autowired
    GatewayCredentials credentials;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void mainWhenStartedWithItsCredentialsThenConnectsAndStopsCleanly() throws Exception {
        UUID gatewayId = UUID.randomUUID();
        Path passwordFile = Files.createTempFile("broker-password", "");
        Files.writeString(passwordFile, credentials.passwordFor(gatewayId.toString()) + "\n");
        GatewayApplication gateway = new GatewayApplication();
        CommandLine command = new CommandLine(gateway);
        String journal = Files.createTempDirectory("journal").toString();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> command.execute(
                "--gateway-id", gatewayId.toString(), "--broker-port", String.valueOf(broker.port()),
                "--password-file", passwordFile.toString(), "--journal", journal));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!gateway.connected() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(gateway.connected()).isTrue();
        gateway.stop();
        assertThat(exit.get()).isZero();
    }

    @Test
    void mainWhenRequiredOptionsMissingThenUsageErrorNotACrash() {
        assertThat(new CommandLine(new GatewayApplication()).execute("--broker-port", "1")).isEqualTo(2);
        assertThat(new CommandLine(new GatewayApplication()).execute("--gateway-id", "not-a-uuid", "--password-file", "x",
                "--journal", "y")).isEqualTo(2);
    }
}
