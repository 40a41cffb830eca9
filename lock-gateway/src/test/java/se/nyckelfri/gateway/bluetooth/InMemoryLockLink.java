package se.nyckelfri.gateway.bluetooth;

import java.time.Duration;
import se.nyckelfri.lock.fixtures.firmware.LockSession;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.frame.FrameDecoder;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.frame.Messages;

/** {@link LockLink} straight into a simulated lock's radio session, with its faults; for tests. */
final class InMemoryLockLink implements LockLink {

    private final SimulatedLock lock;
    private volatile boolean offline;
    private int correlation;

    InMemoryLockLink(SimulatedLock lock) {
        this.lock = lock;
    }

    void offline(boolean offline) {
        this.offline = offline;
    }

    @Override
    public synchronized Message exchange(Message request, Duration timeout) throws LockLinkException {
        if (offline) {
            throw new LockLinkException(LockLinkException.Failure.UNREACHABLE, "offline");
        }
        correlation = correlation % 0xFFFF + 1;
        byte[] wire = Messages.encode(correlation, request).encode();
        LockSession.Reply reply = new LockSession(lock).receive(wire, 0, wire.length);
        long delay = lock.faults().responseDelay().toMillis();
        if (delay > timeout.toMillis()) {
            sleep(timeout.toMillis());
            throw new LockLinkException(LockLinkException.Failure.TIMEOUT, "no answer within " + timeout);
        }
        sleep(delay);
        int drop = reply.housekeeping() ? -1 : lock.faults().takeDropForNextAnswer();
        if (drop >= 0 && drop < reply.bytes().length) {
            throw new LockLinkException(LockLinkException.Failure.DROPPED, "dropped");
        }
        if (FrameDecoder.decodeOne(reply.bytes()) instanceof FrameDecoder.Decoded d
                && Messages.decode(d.frame()) instanceof Messages.Ok ok && ok.correlation() == correlation) {
            return ok.message();
        }
        throw new LockLinkException(LockLinkException.Failure.PROTOCOL, "unreadable answer");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
    }
}
