package se.nyckelfri.gateway.bluetooth;

import org.junit.jupiter.api.AfterEach;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;

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
}
