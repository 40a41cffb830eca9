package se.nyckelfri.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.fleet.FleetLinkException;
import se.nyckelfri.access.fleet.GatewayCredentials;
import se.nyckelfri.access.fleet.MqttGatewayFleetLink;
import se.nyckelfri.gateway.bluetooth.BluetoothLockLink;
import se.nyckelfri.gateway.mqtt.GatewayRelay;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.credential.CredentialRejection;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.gateway.GatewayTopics;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;
import static se.nyckelfri.platform.testsupport.Eventually.await;

/**
 * The whole way to a lock and back with every real part: the backend's fleet link, the embedded HiveMQ broker,
 * the gateway relay, BlueCove-emulated RFCOMM, and the simulated lock checking a credential from the platform's
 * own key issuer. The gateway is untrusted: what it alters or replays never opens the door.
 */
class GatewayLinkTest extends PlatformIntegrationTest {

    private static final Object GATEWAY_ADAPTER = BluetoothEmulator.newAdapter();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Autowired
    MqttGatewayFleetLink fleet;
    @Autowired
    CredentialIssuer issuer;
    @Autowired
    IssuerKeyRing issuerKeys;
    @Autowired
    GatewayCredentials credentials;
    @Autowired
    EmbeddedBroker broker;

    UUID gatewayId = UUID.randomUUID();
    SimulatedLock lock;
    EmulatedLockService onAir;
    GatewayRelay gateway;

    @BeforeEach
    void homeWithGatewayAndLock() {
        lock = new SimulatedLock(UUID.randomUUID(), Flash.inMemory(), Clock.systemUTC(),
                kid -> issuerKeys.trusted(kid).orElse(null));
        onAir = EmulatedLockService.start(lock);
        gateway = new GatewayRelay(new GatewayRelay.Settings(gatewayId, "127.0.0.1", broker.port(),
                credentials.passwordFor(gatewayId.toString())),
                Map.of(lock.lockId(), new BluetoothLockLink(onAir.url(), GATEWAY_ADAPTER)));
        gateway.start();
        await(() -> gateway.connected() && fleet.connected());
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        onAir.close();
    }

    @Test
    void unlockWhenCredentialFromTheIssuerThenDoorOpensAndLockSignedReceiptComesBack() throws Exception {
        byte[] credential = credentialFor(challenge());
        Message.Result result = (Message.Result) exchange(new Message.Unlock(credential));
        ReceiptClaims receipt = Receipts.verify(result.receipt(), lock.publicKey());
        assertThat(receipt.outcome()).isEqualTo(ReceiptClaims.Outcome.OPENED);
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.UNLOCKED);
    }

    @Test
    void gatewayWhenItAltersOrReplaysACredentialThenTheDoorStaysShutWithSignedDenials() throws Exception {
        byte[] credential = credentialFor(challenge());
        byte[] altered = credential.clone();
        altered[altered.length / 2] ^= 0x01;
        ReceiptClaims tampered = Receipts.verify(((Message.Result) exchange(new Message.Unlock(altered))).receipt(), lock.publicKey());
        assertThat(tampered.outcome()).isEqualTo(ReceiptClaims.Outcome.DENIED);
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);

        byte[] fresh = credentialFor(challenge());
        assertThat(Receipts.verify(((Message.Result) exchange(new Message.Unlock(fresh))).receipt(), lock.publicKey()).outcome())
                .isEqualTo(ReceiptClaims.Outcome.OPENED);
        exchange(new Message.Relock(null));
        challenge();
        ReceiptClaims replayed = Receipts.verify(((Message.Result) exchange(new Message.Unlock(fresh))).receipt(), lock.publicKey());
        assertThat(replayed.outcome()).isEqualTo(ReceiptClaims.Outcome.DENIED);
        assertThat(replayed.reason()).isEqualTo(CredentialRejection.REPLAYED.code());
        assertThat(lock.bolt()).isEqualTo(Message.BoltState.LOCKED);
    }

    @Test
    void exchangeWhenLockUnknownToTheGatewayOrOutOfRangeThenTypedFailure() {
        assertThatThrownBy(() -> fleet.exchange(gatewayId, UUID.randomUUID(), new Message.Hello(), TIMEOUT))
                .isInstanceOfSatisfying(FleetLinkException.class,
                        e -> assertThat(e.failure()).isEqualTo(FleetLinkException.Failure.UNKNOWN_LOCK));
        onAir.close();
        assertThatThrownBy(() -> exchange(new Message.Hello()))
                .isInstanceOfSatisfying(FleetLinkException.class,
                        e -> assertThat(e.failure()).isIn(FleetLinkException.Failure.UNREACHABLE, FleetLinkException.Failure.DROPPED));
        assertThatThrownBy(() -> fleet.exchange(UUID.randomUUID(), lock.lockId(), new Message.Hello(), Duration.ofMillis(200)))
                .as("a gateway that is not there").isInstanceOfSatisfying(FleetLinkException.class,
                        e -> assertThat(e.failure()).isEqualTo(FleetLinkException.Failure.NO_REPLY));
    }

    @Test
    void brokerWhenGatewayUsesWrongPasswordOrAnotherGatewaysTopicsThenRefused() {
        Mqtt5BlockingClient impostor = MqttClient.builder().useMqttVersion5().identifier("impostor")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        assertThatThrownBy(() -> impostor.connectWith().simpleAuth().username(gatewayId.toString())
                .password("guess".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                .hasMessageContaining("BAD_USER_NAME_OR_PASSWORD");

        UUID other = UUID.randomUUID();
        Mqtt5BlockingClient neighbour = MqttClient.builder().useMqttVersion5().identifier("neighbour")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        neighbour.connectWith().simpleAuth().username(other.toString())
                .password(credentials.passwordFor(other.toString()).getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        assertThatThrownBy(() -> neighbour.subscribeWith().topicFilter(GatewayTopics.commands(gatewayId)).send())
                .as("listening to another home's commands").isInstanceOf(Exception.class);
    }

    @Test
    void brokerWhenRestartedThenGatewayReconnectsAndTheNextUnlockWorks() throws Exception {
        broker.stop();
        await(() -> !gateway.connected());
        broker.restart();
        await(() -> gateway.connected() && fleet.connected());
        Thread.sleep(300);
        byte[] credential = credentialFor(challenge());
        assertThat(Receipts.verify(((Message.Result) exchange(new Message.Unlock(credential))).receipt(), lock.publicKey())
                .outcome()).isEqualTo(ReceiptClaims.Outcome.OPENED);
    }

    private byte[] challenge() throws FleetLinkException {
        return ((Message.Challenge) exchange(new Message.Hello())).nonce();
    }

    private byte[] credentialFor(byte[] nonce) {
        return issuer.issue(new CredentialIssuer.Request(lock.lockId(), "S-GATEWAYTEST1", UUID.randomUUID(), nonce,
                Duration.ofMinutes(2), "U-TEST")).credential();
    }

    private Message exchange(Message request) throws FleetLinkException {
        return fleet.exchange(gatewayId, lock.lockId(), request, TIMEOUT);
    }

}
