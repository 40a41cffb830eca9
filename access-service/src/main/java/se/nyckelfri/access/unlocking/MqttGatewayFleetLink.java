package se.nyckelfri.access.unlocking;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nyckelfri.lock.protocol.frame.FrameDecoder;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.frame.Messages;
import se.nyckelfri.lock.protocol.gateway.GatewayEnvelope;
import se.nyckelfri.lock.protocol.gateway.GatewayTopics;

/**
 * {@link GatewayFleetLink} over MQTT 5: publishes a command to the gateway's command topic (QoS 0) and waits for the
 * reply with the same command id on its reply topic. One connection for the whole fleet, reconnecting by itself.
 * Thread-safe.
 */
public final class MqttGatewayFleetLink implements GatewayFleetLink, AutoCloseable {

    /** Time for the reply to travel back on top of what the gateway may spend on the lock. */
    static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(MqttGatewayFleetLink.class);
    private final Mqtt5AsyncClient client;
    private final Map<UUID, CompletableFuture<GatewayEnvelope.Reply>> pending = new ConcurrentHashMap<>();
    private final Map<UUID, EveryLock> everyLock = new ConcurrentHashMap<>();
    private final AtomicInteger correlation = new AtomicInteger();
    private volatile BiConsumer<UUID, GatewayEnvelope.Event> eventListener;
    private volatile BiConsumer<UUID, Boolean> statusListener;

    public MqttGatewayFleetLink(String host, int port, String password) {
        this.client = MqttClient.builder().useMqttVersion5()
                .identifier(GatewayCredentials.BACKEND + "-" + UUID.randomUUID())
                .serverHost(host).serverPort(port)
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS).applyAutomaticReconnect()
                .simpleAuth().username(GatewayCredentials.BACKEND).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .addConnectedListener(context -> subscribe())
                .buildAsync();
        // One callback for the life of the link; reconnects only renew the subscriptions.
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, publish -> {
            String topic = publish.getTopic().toString();
            if (publish.getPayload().map(ByteBuffer::remaining).orElse(0) > GatewayTopics.MAX_PACKET) {
                // The broker should have refused it; a gateway may not make the backend copy and parse megabytes.
                log.warn("Dropped an oversized message from gateway {}", GatewayTopics.gatewayOf(topic));
                return;
            }
            if (topic.endsWith("/status")) {
                UUID gateway = GatewayTopics.gatewayOf(topic);
                BiConsumer<UUID, Boolean> listener = statusListener;
                if (listener != null && gateway != null) {
                    listener.accept(gateway, "online".equals(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)));
                }
                return;
            }
            if (topic.endsWith("/events")) {
                UUID gateway = GatewayTopics.gatewayOf(topic);
                BiConsumer<UUID, GatewayEnvelope.Event> listener = eventListener;
                GatewayEnvelope.Event.decode(publish.getPayloadAsBytes()).ifPresent(event -> {
                    if (listener != null && gateway != null) {
                        listener.accept(gateway, event);
                    }
                });
                return;
            }
            GatewayEnvelope.Reply.decode(publish.getPayloadAsBytes()).ifPresent(reply -> {
                CompletableFuture<GatewayEnvelope.Reply> waiting = pending.remove(reply.commandId());
                if (waiting != null) {
                    waiting.complete(reply);
                    return;
                }
                EveryLock each = everyLock.get(reply.commandId());
                if (each != null) {
                    each.reply(reply);
                }
            });
        });
        // Announce the cap in CONNECT: an MQTT 5 broker must then drop, not deliver, anything larger meant for us.
        client.connectWith().cleanStart(true).restrictions().maximumPacketSize(GatewayTopics.MAX_PACKET).applyRestrictions()
                .send();
    }

    private void subscribe() {
        client.subscribeWith().topicFilter(GatewayTopics.ROOT + "+/reply").qos(MqttQos.AT_LEAST_ONCE).send();
        client.subscribeWith().topicFilter(GatewayTopics.ROOT + "+/events").qos(MqttQos.AT_LEAST_ONCE).send();
        client.subscribeWith().topicFilter(GatewayTopics.ROOT + "+/status").qos(MqttQos.AT_LEAST_ONCE).send();
    }

    /** Who learns when a gateway comes online or goes offline (its retained status or its last will). */
    public void onGatewayStatus(BiConsumer<UUID, Boolean> listener) {
        this.statusListener = listener;
    }

    /** Who receives the receipts gateways deliver from their journals (at least once each). */
    public void onJournalledReceipt(BiConsumer<UUID, GatewayEnvelope.Event> listener) {
        this.eventListener = listener;
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    @Override
    public Message exchange(UUID gatewayId, UUID lockId, Message request, Duration timeout) throws FleetLinkException {
        UUID commandId = UUID.randomUUID();
        int frameCorrelation = correlation.updateAndGet(c -> c % 0xFFFF + 1);
        CompletableFuture<GatewayEnvelope.Reply> reply = new CompletableFuture<>();
        pending.put(commandId, reply);
        try {
            byte[] command = new GatewayEnvelope.Command(commandId, lockId, Messages.encode(frameCorrelation, request).encode(),
                    (int) timeout.toMillis()).encode();
            // QoS 0: a command is a request with a deadline on a clean session. MQTT 5 never resends within a connection
            // and a clean session carries nothing across a reconnect, so QoS 1 would add acknowledgements, not
            // delivery; a lost command or reply ends in the deadline's clear answer (docs/design/gateway-link.md).
            client.publishWith().topic(GatewayTopics.commands(gatewayId)).payload(command).qos(MqttQos.AT_MOST_ONCE).send();
            return answerIn(reply.get(timeout.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS), frameCorrelation);
        } catch (TimeoutException e) {
            throw new FleetLinkException(FleetLinkException.Failure.NO_REPLY, "no reply from gateway " + gatewayId);
        } catch (ExecutionException e) {
            throw new FleetLinkException(FleetLinkException.Failure.NO_REPLY, "link failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetLinkException(FleetLinkException.Failure.NO_REPLY, "interrupted");
        } finally {
            pending.remove(commandId);
        }
    }

    /** The lock's answer a gateway relayed, or why there is none. */
    private static Message answerIn(GatewayEnvelope.Reply reply, int frameCorrelation) throws FleetLinkException {
        if (reply.status() != GatewayEnvelope.Status.OK) {
            throw FleetLinkException.of(reply.status());
        }
        if (FrameDecoder.decodeOne(reply.frame()) instanceof FrameDecoder.Decoded decoded
                && Messages.decode(decoded.frame()) instanceof Messages.Ok ok && ok.correlation() == frameCorrelation) {
            return ok.message();
        }
        throw new FleetLinkException(FleetLinkException.Failure.PROTOCOL, "the relayed answer is not a valid frame");
    }

    /**
     * One message to the gateway for all its locks ({@link GatewayEnvelope.Command#toEveryLock}); the gateway answers
     * once per lock. Locks the gateway does not name in a reply by the deadline end in NO_REPLY.
     */
    @Override
    public void exchangeWithEach(UUID gatewayId, Set<UUID> lockIds, Message request, Duration timeout, Answers answers) {
        if (lockIds.isEmpty()) {
            return;
        }
        UUID commandId = UUID.randomUUID();
        int frameCorrelation = correlation.updateAndGet(c -> c % 0xFFFF + 1);
        EveryLock each = new EveryLock(lockIds, frameCorrelation, answers);
        everyLock.put(commandId, each);
        try {
            byte[] command = GatewayEnvelope.Command.toEveryLock(commandId, Messages.encode(frameCorrelation, request).encode(),
                    (int) timeout.toMillis()).encode();
            client.publishWith().topic(GatewayTopics.commands(gatewayId)).payload(command).qos(MqttQos.AT_MOST_ONCE).send();
            each.done.await(timeout.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            everyLock.remove(commandId);
            each.giveUp(gatewayId);
        }
    }

    /** The locks of one every-lock command still to answer; each is told once, by its reply or by {@link #giveUp}. */
    private static final class EveryLock {
        private final Set<UUID> waiting = ConcurrentHashMap.newKeySet();
        private final int frameCorrelation;
        private final Answers answers;
        private final CountDownLatch done;

        EveryLock(Set<UUID> lockIds, int frameCorrelation, Answers answers) {
            this.waiting.addAll(lockIds);
            this.frameCorrelation = frameCorrelation;
            this.answers = answers;
            this.done = new CountDownLatch(lockIds.size());
        }

        void reply(GatewayEnvelope.Reply reply) {
            if (!waiting.remove(reply.lockId())) {
                return; // a lock not asked about, or told already
            }
            try {
                answers.answered(reply.lockId(), answerIn(reply, frameCorrelation));
            } catch (FleetLinkException e) {
                answers.failed(reply.lockId(), e);
            } finally {
                done.countDown();
            }
        }

        void giveUp(UUID gatewayId) {
            for (UUID lockId : List.copyOf(waiting)) {
                if (waiting.remove(lockId)) {
                    answers.failed(lockId, new FleetLinkException(FleetLinkException.Failure.NO_REPLY, "no reply from gateway " + gatewayId));
                }
            }
        }
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
