package se.nyckelfri.gateway.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.nyckelfri.gateway.bluetooth.LockLink;
import se.nyckelfri.gateway.bluetooth.LockLinkException;
import se.nyckelfri.gateway.journal.ReceiptJournal;
import se.nyckelfri.lock.protocol.frame.FrameDecoder;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.frame.Messages;
import se.nyckelfri.lock.protocol.gateway.GatewayEnvelope;
import se.nyckelfri.lock.protocol.gateway.GatewayTopics;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * The gateway's side of the link to the backend: connects outward over MQTT 5 with its own credentials, takes the
 * commands on its own topic, runs each against the named lock through its {@link LockLink}, and publishes the
 * reply. It relays frames and decides nothing: it cannot make a credential, and one it alters or replays is
 * refused by the lock. Reconnects by itself with exponential back-off after broker or network loss; announces
 * {@code online} (retained) on every connect and leaves {@code offline} as its last will.
 *
 * <p>A command without a lock id (an update for every lock of the home) runs against all the gateway's locks at once,
 * with one reply per lock.
 *
 * <p>Thread-safe. Commands for different locks run in parallel; each lock's link serialises its own.
 */
public final class GatewayRelay implements AutoCloseable {

    /**
     * Where and as whom to connect; with a journal, how often to collect the locks' receipts for store-and-forward
     * ({@code journal} {@code null}: no journal).
     */
    public record Settings(UUID gatewayId, String host, int port, String password, ReceiptJournal journal,
                           Duration collectEvery) {
        public Settings(UUID gatewayId, String host, int port, String password) {
            this(gatewayId, host, port, password, null, null);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(GatewayRelay.class);
    private final Settings settings;
    private final Map<UUID, LockLink> locks;
    /** At least one worker per lock: a command for every lock runs against all of them at once. */
    private final ExecutorService workers;
    private final Mqtt5AsyncClient client;
    private final java.util.concurrent.ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-journal");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<UUID> seen = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > 4096;
        }
    });

    public GatewayRelay(Settings settings, Map<UUID, LockLink> locks) {
        this.settings = settings;
        this.locks = Map.copyOf(locks);
        this.workers = Executors.newFixedThreadPool(Math.max(4, this.locks.size() + 1), r -> {
            Thread t = new Thread(r, "gateway-relay");
            t.setDaemon(true);
            return t;
        });
        UUID id = settings.gatewayId();
        this.client = MqttClient.builder().useMqttVersion5()
                .identifier(GatewayTopics.clientId(id))
                .serverHost(settings.host()).serverPort(settings.port())
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS).applyAutomaticReconnect()
                .simpleAuth().username(id.toString()).password(settings.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .willPublish().topic(GatewayTopics.status(id)).payload(bytes("offline")).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .applyWillPublish()
                .addConnectedListener(context -> onConnected())
                .buildAsync();
        // One callback for the life of the relay; reconnects only renew the subscription.
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, publish -> workers.submit(() -> handle(publish)));
    }

    /** Starts connecting; returns at once. The relay keeps (re)connecting until closed. */
    public void start() {
        if (settings.journal() != null) {
            collector.scheduleWithFixedDelay(this::collectAndForward, settings.collectEvery().toMillis(),
                    settings.collectEvery().toMillis(), TimeUnit.MILLISECONDS);
        }
        client.connectWith().cleanStart(true)
                .restrictions().maximumPacketSize(GatewayTopics.MAX_PACKET).applyRestrictions()
                .send().whenComplete((ack, error) -> {
            if (error != null) {
                log.info("Gateway {} not connected yet: {}", settings.gatewayId(), error.getMessage());
            }
        });
    }

    public boolean connected() {
        return client.getState().isConnected();
    }

    private void onConnected() {
        UUID id = settings.gatewayId();
        client.subscribeWith().topicFilter(GatewayTopics.commands(id)).qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .thenCompose(ack -> client.publishWith().topic(GatewayTopics.status(id)).payload(bytes("online"))
                        .qos(MqttQos.AT_LEAST_ONCE).retain(true).send())
                .whenComplete((result, error) -> {
                    if (error != null) {
                        log.warn("Gateway {} could not subscribe: {}", id, error.getMessage());
                    }
                });
    }

    private void handle(Mqtt5Publish publish) {
        GatewayEnvelope.Command command = GatewayEnvelope.Command.decode(publish.getPayloadAsBytes()).orElse(null);
        if (command == null) {
            log.warn("Gateway {} ignored an unreadable command", settings.gatewayId());
            return;
        }
        boolean first;
        synchronized (seen) {
            first = seen.add(command.commandId());
        }
        if (!first) {
            return; // QoS 1 may deliver a command twice; a lock command runs at most once
        }
        Messages.Ok request = FrameDecoder.decodeOne(command.frame()) instanceof FrameDecoder.Decoded decoded
                && Messages.decode(decoded.frame()) instanceof Messages.Ok ok ? ok : null;
        if (!command.everyLock()) {
            reply(run(command, request, command.lockId()));
            return;
        }
        // Every lock at once, each answered as soon as it is done; this worker takes the first lock itself.
        List<UUID> all = List.copyOf(locks.keySet());
        for (int i = 1; i < all.size(); i++) {
            UUID lockId = all.get(i);
            workers.submit(() -> reply(run(command, request, lockId)));
        }
        if (!all.isEmpty()) {
            reply(run(command, request, all.get(0)));
        }
    }

    /** Runs {@code request} (the command's frame, decoded; {@code null} when it is no valid request) against one lock. */
    private GatewayEnvelope.Reply run(GatewayEnvelope.Command command, Messages.Ok request, UUID lockId) {
        LockLink link = locks.get(lockId);
        if (link == null) {
            return reply(command, lockId, GatewayEnvelope.Status.UNKNOWN_LOCK, new byte[0]);
        }
        if (request == null) {
            return reply(command, lockId, GatewayEnvelope.Status.PROTOCOL, new byte[0]);
        }
        try {
            Message answer = link.exchange(request.message(), Duration.ofMillis(command.timeoutMillis()));
            return reply(command, lockId, GatewayEnvelope.Status.OK, Messages.encode(request.correlation(), answer).encode());
        } catch (LockLinkException e) {
            return reply(command, lockId, GatewayEnvelope.Status.valueOf(e.failure().name()), new byte[0]);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error e) {
            // The Bluetooth stack itself failed (not the lock): say so now rather than leave the backend to its deadline.
            log.warn("Gateway {} could not use its Bluetooth stack for lock {}: {}", settings.gatewayId(), lockId, e.toString());
            return reply(command, lockId, GatewayEnvelope.Status.UNREACHABLE, new byte[0]);
        }
    }

    private static GatewayEnvelope.Reply reply(GatewayEnvelope.Command command, UUID lockId, GatewayEnvelope.Status status,
                                               byte[] frame) {
        return new GatewayEnvelope.Reply(command.commandId(), lockId, status, frame);
    }

    private void reply(GatewayEnvelope.Reply reply) {
        // QoS 0, like the command it answers: the backend waits for it with a deadline (docs/design/gateway-link.md).
        // What must arrive, the lock's receipts, also goes through the journal with QoS 1.
        client.publishWith().topic(GatewayTopics.replies(settings.gatewayId())).payload(reply.encode())
                .qos(MqttQos.AT_MOST_ONCE).send();
    }

    /**
     * Store-and-forward: reads each lock's receipts past what is journalled, journals them (forced to disk), and
     * while connected publishes the unacknowledged ones (QoS 1), marking each delivered when the broker acknowledges.
     * A lock that cannot be reached now is tried again next round.
     */
    void collectAndForward() {
        ReceiptJournal journal = settings.journal();
        for (Map.Entry<UUID, LockLink> lock : locks.entrySet()) {
            try {
                boolean more = true;
                while (more) {
                    long since = journal.lastCounter(lock.getKey());
                    Message answer = lock.getValue().exchange(new Message.ReadEvents(since), Duration.ofSeconds(5));
                    if (!(answer instanceof Message.Events events)) {
                        break;
                    }
                    for (byte[] receipt : events.receipts()) {
                        long counter = Receipts.unverifiedCounter(receipt);
                        if (counter > 0) {
                            journal.append(lock.getKey(), counter, receipt);
                        }
                    }
                    more = events.more() && !events.receipts().isEmpty();
                }
            } catch (LockLinkException e) {
                log.debug("Gateway {} could not read lock {} this round: {}", settings.gatewayId(), lock.getKey(), e.failure());
            } catch (RuntimeException e) {
                log.warn("Gateway {} journal round failed for lock {}: {}", settings.gatewayId(), lock.getKey(), e.toString());
            }
            if (!connected()) {
                continue;
            }
            for (ReceiptJournal.Entry entry : journal.undelivered(lock.getKey(), 50)) {
                try {
                    client.publishWith().topic(GatewayTopics.events(settings.gatewayId()))
                            .payload(new GatewayEnvelope.Event(lock.getKey(), entry.counter(), entry.receipt()).encode())
                            .qos(MqttQos.AT_LEAST_ONCE).send().get(5, TimeUnit.SECONDS);
                    journal.delivered(lock.getKey(), entry.counter());
                } catch (Exception e) {
                    break; // not acknowledged: try again next round
                }
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        collector.shutdownNow();
        if (connected()) {
            try {
                // A last will fires only on an unclean end; a clean shutdown says so itself.
                client.publishWith().topic(GatewayTopics.status(settings.gatewayId())).payload(bytes("offline"))
                        .qos(MqttQos.AT_LEAST_ONCE).retain(true).send().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("could not announce offline: {}", e.getMessage());
            }
        }
        client.disconnect();
        workers.shutdownNow();
        locks.values().forEach(LockLink::close);
    }
}
