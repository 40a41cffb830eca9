package se.nyckelfri.lock.protocol.gatt;

import java.util.List;
import java.util.UUID;
import se.nyckelfri.lock.protocol.frame.Chunks;
import se.nyckelfri.lock.protocol.frame.Frame;

/**
 * The lock's GATT profile: one primary service with two characteristics, carrying the same frames as RFCOMM.
 * <ul>
 * <li>{@link #REQUEST} (write, with response): the phone writes a request frame in consecutive pieces of at most
 * ATT MTU − 3 bytes ({@link Chunks#split}); the lock reassembles them with its frame decoder;</li>
 * <li>{@link #ANSWER} (read): after the last piece, the phone reads the answer frame in consecutive pieces of at most
 * ATT MTU − 1 bytes, until the pieces decode to one frame; a read with nothing pending returns an empty value.</li>
 * </ul>
 * Write then read, no notifications: real locks and Chromium's Bluetooth emulation both support it, and a phone never
 * has to hold a subscription open in a stairwell. One request at a time; the correlation number pairs the answer.
 */
public final class LockGattProfile {

    /** The service every Nyckelfri lock advertises over BLE. */
    public static final UUID SERVICE = UUID.fromString("6e796b65-6c66-7269-0001-000000000000");
    /** Requests, written in pieces. */
    public static final UUID REQUEST = UUID.fromString("6e796b65-6c66-7269-0001-000000000001");
    /** Answers, read in pieces. */
    public static final UUID ANSWER = UUID.fromString("6e796b65-6c66-7269-0001-000000000002");
    /** The ATT MTU every BLE link starts with. */
    public static final int DEFAULT_MTU = Chunks.MIN_MTU;

    private LockGattProfile() {
    }

    /** The pieces a phone writes for {@code frame} at {@code mtu}. */
    public static List<byte[]> writes(Frame frame, int mtu) {
        return Chunks.split(frame.encode(), mtu);
    }

    /** The most one read of {@link #ANSWER} returns at {@code mtu}. */
    public static int readSize(int mtu) {
        if (mtu < Chunks.MIN_MTU || mtu > Chunks.MAX_MTU) {
            throw new IllegalArgumentException("ATT MTU must be " + Chunks.MIN_MTU + "-" + Chunks.MAX_MTU);
        }
        return mtu - 1;
    }
}
