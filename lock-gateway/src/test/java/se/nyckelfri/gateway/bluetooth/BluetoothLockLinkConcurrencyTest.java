package se.nyckelfri.gateway.bluetooth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.Flash;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.fixtures.issuer.TestIssuer;
import se.nyckelfri.lock.protocol.frame.Message;

/**
 * A gateway talks to all the locks of a building at once, from several threads. In emulation every lock link has its
 * own emulated adapter: bluecove-emu loses connection handles ("No such connection") when one emulated device holds
 * several outgoing RFCOMM connections, which this test found; a real BlueZ adapter holds up to seven.
 */
class BluetoothLockLinkConcurrencyTest {

    final List<EmulatedLockService> services = new ArrayList<>();
    final List<BluetoothLockLink> links = new ArrayList<>();

    @AfterEach
    void close() {
        links.forEach(BluetoothLockLink::close);
        services.forEach(EmulatedLockService::close);
    }

    @Test
    void exchangeWhenManyLocksFromManyThreadsThenEveryAnswerArrives() throws Exception {
        TestIssuer issuer = new TestIssuer();
        for (int i = 0; i < 10; i++) {
            EmulatedLockService service = EmulatedLockService.start(
                    new SimulatedLock(UUID.randomUUID(), Flash.inMemory(), Clock.systemUTC(), issuer.trust()));
            services.add(service);
            links.add(new BluetoothLockLink(service.url(), BluetoothEmulator.newAdapter()));
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            results.add(pool.submit(() -> {
                Random random = new Random(seed);
                int ok = 0;
                for (int i = 0; i < 50; i++) {
                    int n = random.nextInt(links.size());
                    Message answer = links.get(n).exchange(new Message.StatusRequest(), Duration.ofSeconds(5));
                    assertThat(((Message.Status) answer).lockId()).isEqualTo(services.get(n).lock().lockId());
                    ok++;
                }
                return ok;
            }));
        }
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get();
        }
        pool.shutdown();
        assertThat(total).isEqualTo(threads * 50);
    }
}
