package se.nyckelfri.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import se.nyckelfri.access.unlocking.GatewayFleetLink;
import se.nyckelfri.keyissuer.signing.LockUpdateSigner;
import se.nyckelfri.lock.protocol.update.LockUpdates;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.unlocking.FleetLinkException;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
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
    @Autowired
    LockUpdateSigner signer;

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
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.connected() && fleet.connected());
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

    /**
     * A full revocation list (512 entries, about 11 KB) goes to a home with two locks as one message; each lock takes it
     * and signs an UPDATED receipt, and a lock the gateway does not serve ends in NO_REPLY. Until the envelope's frame
     * cap was raised, a list of more than about 40 entries never passed a gateway.
     */
    @Test
    void updateWhenAFullRevocationListGoesToEveryLockOfAHomeThenOneMessageReachesEachAndEachSignsItsReceipt() throws Exception {
        Instant now = Instant.now();
        List<LockUpdates.Revocation> entries = IntStream.range(0, LockUpdates.MAX_REVOCATIONS)
                .mapToObj(i -> LockUpdates.Revocation.of(LockUpdates.RevocationKind.CREDENTIAL, UUID.randomUUID(), now.plus(Duration.ofHours(12))))
                .toList();
        byte[] list = signer.revocations(new LockUpdates.RevocationList(1, now, null, entries), "test");
        assertThat(list.length).isGreaterThan(10_000);
        SimulatedLock front = new SimulatedLock(UUID.randomUUID(), Flash.inMemory(), Clock.systemUTC(), kid -> issuerKeys.trusted(kid).orElse(null));
        SimulatedLock back = new SimulatedLock(UUID.randomUUID(), Flash.inMemory(), Clock.systemUTC(), kid -> issuerKeys.trusted(kid).orElse(null));
        UUID homeId = UUID.randomUUID();
        UUID notServed = UUID.randomUUID();
        try (EmulatedLockService frontOnAir = EmulatedLockService.start(front);
             EmulatedLockService backOnAir = EmulatedLockService.start(back);
             GatewayRelay home = new GatewayRelay(new GatewayRelay.Settings(homeId, "127.0.0.1", broker.port(),
                     credentials.passwordFor(homeId.toString())),
                     Map.of(front.lockId(), new BluetoothLockLink(frontOnAir.url(), BluetoothEmulator.newAdapter()),
                             back.lockId(), new BluetoothLockLink(backOnAir.url(), BluetoothEmulator.newAdapter())))) {
            home.start();
            await().atMost(Duration.ofSeconds(20)).until(home::connected);
            Map<UUID, Message> answered = new ConcurrentHashMap<>();
            Map<UUID, FleetLinkException.Failure> failed = new ConcurrentHashMap<>();
            fleet.exchangeWithEach(homeId, Set.of(front.lockId(), back.lockId(), notServed), new Message.RevocationUpdate(list),
                    Duration.ofSeconds(2), new GatewayFleetLink.Answers() {
                        @Override
                        public void answered(UUID lockId, Message answer) {
                            assertThat(answered.put(lockId, answer)).isNull();
                        }

                        @Override
                        public void failed(UUID lockId, FleetLinkException failure) {
                            assertThat(failed.put(lockId, failure.failure())).isNull();
                        }
                    });
            assertThat(answered).containsOnlyKeys(front.lockId(), back.lockId());
            assertThat(failed).containsExactly(Map.entry(notServed, FleetLinkException.Failure.NO_REPLY));
            for (SimulatedLock lock : List.of(front, back)) {
                ReceiptClaims receipt = Receipts.verify(((Message.Result) answered.get(lock.lockId())).receipt(), lock.publicKey());
                assertThat(receipt.outcome()).isEqualTo(ReceiptClaims.Outcome.UPDATED);
                assertThat(((Message.Status) fleet.exchange(homeId, lock.lockId(), new Message.StatusRequest(), TIMEOUT)).revocationVersion())
                        .isEqualTo(1);
            }
        }
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
        Mqtt5BlockingClient neighbour = MqttClient.builder().useMqttVersion5().identifier("gw-" + other)
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        neighbour.connectWith().simpleAuth().username(other.toString())
                .password(credentials.passwordFor(other.toString()).getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        assertThatThrownBy(() -> neighbour.subscribeWith().topicFilter(GatewayTopics.commands(gatewayId)).send())
                .as("listening to another home's commands").isInstanceOf(Exception.class);
    }

    @Test
    void brokerWhenAGatewayConnectsWithAnotherGatewaysClientIdThenRefusedAtConnectAndTheOwnerStaysConnected()
            throws Exception {
        UUID attacker = UUID.randomUUID();
        for (String stolen : new String[] {"gw-" + gatewayId, GatewayCredentials.BACKEND + "-" + UUID.randomUUID(), "impostor"}) {
            Mqtt5BlockingClient thief = MqttClient.builder().useMqttVersion5().identifier(stolen)
                    .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
            assertThatThrownBy(() -> thief.connectWith().simpleAuth().username(attacker.toString())
                    .password(credentials.passwordFor(attacker.toString()).getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                    .send())
                    .as("gateway %s connecting as %s", attacker, stolen).hasMessageContaining("CLIENT_IDENTIFIER_NOT_VALID");
        }
        assertThat(gateway.connected()).as("the owner of the client id was not thrown off").isTrue();
        assertThat(exchange(new Message.Hello())).isInstanceOf(Message.Challenge.class);
    }

    @Test
    void brokerWhenAGatewayPublishesAPacketOverTheCapThenDisconnectedBeforeTheBackendSeesIt() throws Exception {
        // A raw MQTT 3.1.1 client, as an attacker writes one: it ignores the maximum packet size the broker announces.
        UUID attacker = UUID.randomUUID();
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(connect("gw-" + attacker, attacker.toString(), credentials.passwordFor(attacker.toString())));
            out.flush();
            byte[] connack = socket.getInputStream().readNBytes(4);
            assertThat(connack).as("CONNACK accepted").containsExactly(0x20, 0x02, 0x00, 0x00);

            byte[] topic = GatewayTopics.events(attacker).getBytes(StandardCharsets.UTF_8);
            int payload = 1024 * 1024;
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.write(0x30);
            remainingLength(header, 2 + topic.length + payload);
            header.write(topic.length >> 8);
            header.write(topic.length & 0xff);
            header.write(topic);
            try {
                out.write(header.toByteArray());
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < payload; sent += chunk.length) {
                    out.write(chunk);
                }
                out.flush();
            } catch (IOException closedWhileWriting) {
                // the broker closed the connection as soon as it read the packet's length: what we want
            }
            assertThat(socket.getInputStream().read()).as("the broker closed the connection").isEqualTo(-1);
        } catch (SocketException reset) {
            assertThat(reset.getMessage()).containsIgnoringCase("reset");
        }
        assertThat(fleet.connected()).isTrue();
        assertThat(exchange(new Message.Hello())).isInstanceOf(Message.Challenge.class);
    }

    private static byte[] connect(String clientId, String user, String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60}); // 3.1.1, user + password + clean
        for (String field : new String[] {clientId, user, password}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            body.write(bytes.length >> 8);
            body.write(bytes.length & 0xff);
            body.write(bytes);
        }
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        remainingLength(packet, body.size());
        body.writeTo(packet);
        return packet.toByteArray();
    }

    private static void remainingLength(ByteArrayOutputStream out, int length) {
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }

    @Test
    void brokerWhenRestartedThenGatewayReconnectsAndTheNextUnlockWorks() throws Exception {
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        broker.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> !gateway.connected());
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/health/readiness", null).status() == 503);   // not ready without the broker
        assertThat(api.get("/actuator/health/liveness", null).status()).as("but alive: no restart for it").isEqualTo(200);
        broker.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.connected() && fleet.connected());
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/health/readiness", null).status() == 200);
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
