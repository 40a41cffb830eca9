package se.nyckelfri.gateway.bluetooth;

import java.time.Duration;
import se.nyckelfri.lock.protocol.frame.Message;

/**
 * The gateway's link to one lock.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>{@link #exchange} sends one request and returns the lock's answer to that request (matched by correlation),
 *       or throws {@link LockLinkException} saying why not; it MUST NOT block longer than {@code timeout}.</li>
 *   <li>It MUST NOT resend a request on its own: an unlock that may have reached the lock is never repeated by the
 *       link; whoever asked decides (the lock would refuse a repeat anyway: its challenge is single-use).</li>
 *   <li>It MUST NOT interpret, alter or create credentials; it carries bytes.</li>
 *   <li>After a failure it MUST be usable again: the next exchange reconnects.</li>
 * </ul>
 * Implementations are thread-safe; exchanges on one link are serialised, as the lock serves one at a time.
 */
public interface LockLink extends AutoCloseable {

    Message exchange(Message request, Duration timeout) throws LockLinkException;

    @Override
    void close();
}
