package se.nyckelfri.gateway.bluetooth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.frame.Message;

/** The contract over BlueCove's emulated RFCOMM: the lock on its own emulated device, the gateway on another. */
class BluetoothLockLinkTest extends LockLinkContract {

    static final Object GATEWAY_ADAPTER = BluetoothEmulator.newAdapter();
    EmulatedLockService service;

    @Override
    LockLink connect(SimulatedLock lock) {
        service = EmulatedLockService.start(lock);
        return new BluetoothLockLink(service.url(), GATEWAY_ADAPTER);
    }

    @Override
    void takeOffline() {
        service.close();
    }

    @AfterEach
    void stopLock() {
        service.close();
    }

    /**
     * At JVM shutdown BlueCove's own hook shuts the adapters down while links are still open; the emulator then throws
     * an unchecked "Device Closed" from every close (seen as 17-29 "Uncaught Error" lines at each SIGTERM). A link that is going away anyway must end quietly: no uncaught
     * error on its reader thread, no exception from {@code close()}.
     */
    /** Releases the adapter's emulated device under its open connections, as BlueCove's JVM shutdown hook does. */
    private static void releaseDevice(Object adapter) throws ReflectiveOperationException {
        Field holder = adapter.getClass().getDeclaredField("bluetoothStack");
        holder.setAccessible(true);
        Object stack = holder.get(adapter);
        Method destroy = stack.getClass().getMethod("destroy");
        destroy.setAccessible(true);
        destroy.invoke(stack);
    }

    @Test
    void closeWhenAdapterShutDownUnderAnOpenLinkThenNoUncaughtErrorAndCloseIsQuiet() throws Exception {
        Object adapter = BluetoothEmulator.newAdapter();
        BluetoothLockLink open = new BluetoothLockLink(service.url(), adapter);
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
        try {
            assertThat(open.exchange(new Message.StatusRequest(), TIMEOUT)).isInstanceOf(Message.Status.class);
            releaseDevice(adapter);   // what BlueCove's shutdown hook does to every adapter
            service.close();     // the lock goes too: the reader sees its stream end and tidies up on a dead adapter
            Thread.sleep(500);
            assertThatCode(open::close).doesNotThrowAnyException();
            Thread.sleep(200);
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
