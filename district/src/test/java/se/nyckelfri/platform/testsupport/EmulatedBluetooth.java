package se.nyckelfri.platform.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.bidi.BiDi;
import org.openqa.selenium.bidi.Command;
import org.openqa.selenium.bidi.Event;
import org.openqa.selenium.chrome.ChromeDriver;
import se.nyckelfri.lock.fixtures.bluetooth.LockGattServer;
import se.nyckelfri.lock.protocol.gatt.LockGattProfile;

/**
 * Locks near the phone, as Chromium sees them: WebDriver BiDi's {@code bluetooth} module (Web Bluetooth's automation)
 * makes Chromium present each simulated lock's GATT service, and every operation the page's Web Bluetooth code
 * performs (connect, write a piece of a request, read a piece of the answer) is answered by the lock's
 * {@link LockGattServer}: the same firmware model the district runs. Counts the characteristic operations it relayed.
 * Thread-safe; answers on a thread of its own (a BiDi callback must not wait for a BiDi answer).
 */
public final class EmulatedBluetooth implements AutoCloseable {

    private final BiDi bidi;
    private final String context;
    private final Map<String, LockGattServer> locks = new ConcurrentHashMap<>();
    private final Set<String> prompts = ConcurrentHashMap.newKeySet();
    private final ExecutorService answering = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emulated-bluetooth");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger operations = new AtomicInteger();
    private final List<Throwable> failures = new ArrayList<>();

    public EmulatedBluetooth(ChromeDriver driver) {
        this.bidi = driver.getBiDi();
        this.context = driver.getWindowHandle();
        // Listeners for this browsing context only: subscribed globally, Chromium 156 delivered every event twice, so
        // each write reached the lock twice and each read took two pieces of the answer.
        send("bluetooth.simulateAdapter", Map.of("context", context, "state", "powered-on"));
        bidi.addListener(context, event("bluetooth.requestDevicePromptUpdated"), p -> answer(() -> prompt(p)));
        bidi.addListener(context, event("bluetooth.gattConnectionAttempted"), p -> answer(() -> send("bluetooth.simulateGattConnectionResponse",
                Map.of("context", context, "address", p.get("address"), "code", 0))));
        bidi.addListener(context, event("bluetooth.characteristicEventGenerated"), p -> answer(() -> characteristic(p)));
    }

    /** Puts a lock within reach at {@code address}, answering through {@code server}. */
    public void lockNearby(String address, LockGattServer server) {
        locks.put(address, server);
        String service = LockGattProfile.SERVICE.toString();
        send("bluetooth.simulatePreconnectedPeripheral", Map.of("context", context, "address", address, "name", "Nyckelfri",
                "manufacturerData", List.of(), "knownServiceUuids", List.of(service)));
        send("bluetooth.simulateService", Map.of("context", context, "address", address, "uuid", service, "type", "add"));
        send("bluetooth.simulateCharacteristic", Map.of("context", context, "address", address, "serviceUuid", service,
                "characteristicUuid", LockGattProfile.REQUEST.toString(), "characteristicProperties", Map.of("write", true), "type", "add"));
        send("bluetooth.simulateCharacteristic", Map.of("context", context, "address", address, "serviceUuid", service,
                "characteristicUuid", LockGattProfile.ANSWER.toString(), "characteristicProperties", Map.of("read", true), "type", "add"));
    }

    /** How many reads and writes of the lock's characteristics the page made so far. */
    public int operations() {
        return operations.get();
    }

    /** What went wrong while answering Chromium, if anything (a test asserts it is empty). */
    public synchronized List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void prompt(Map<String, Object> params) {
        // Chromium reports a prompt more than once as devices are found; it is answered exactly once.
        String prompt = String.valueOf(params.get("prompt"));
        List<?> devices = (List<?>) params.get("devices");
        if (devices == null || devices.isEmpty() || !prompts.add(prompt)) {
            return;
        }
        Object device = ((Map<?, ?>) devices.get(0)).get("id");
        send("bluetooth.handleRequestDevicePrompt", Map.of("context", context, "prompt", prompt, "accept", true, "device", device));
    }

    private void characteristic(Map<String, Object> params) {
        String address = String.valueOf(params.get("address"));
        LockGattServer lock = locks.get(address);
        String type = String.valueOf(params.get("type"));
        Map<String, Object> response = new HashMap<>(Map.of("context", context, "address", address,
                "serviceUuid", params.get("serviceUuid"), "characteristicUuid", params.get("characteristicUuid"), "code", 0));
        UUID characteristic = UUID.fromString(String.valueOf(params.get("characteristicUuid")));
        operations.incrementAndGet();
        if ("read".equals(type)) {
            byte[] piece = lock.read(characteristic);
            List<Integer> data = new ArrayList<>();
            for (byte b : piece) {
                data.add(b & 0xFF);
            }
            response.put("type", "read");
            response.put("data", data);
            send("bluetooth.simulateCharacteristicResponse", response);
        } else if (type.startsWith("write")) {
            List<?> data = (List<?>) params.get("data");
            byte[] value = new byte[data.size()];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ((Number) data.get(i)).intValue();
            }
            lock.write(characteristic, value);
            if ("write-with-response".equals(type)) {
                response.put("type", "write");
                send("bluetooth.simulateCharacteristicResponse", response);
            }
        }
    }

    private void answer(Runnable task) {
        answering.submit(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    failures.add(e);
                }
            }
        });
    }

    private void send(String method, Map<String, Object> params) {
        bidi.send(new Command<>(method, params));
    }

    private static Event<Map<String, Object>> event(String method) {
        return new Event<>(method, params -> params);
    }

    @Override
    public void close() {
        answering.shutdownNow();
    }
}
