package se.nyckelfri.lock.protocol.frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits encoded frames into pieces that fit a BLE GATT write: an ATT MTU of 23 to 512 bytes leaves MTU - 3 bytes
 * per write. Reassembly needs nothing special: feed the pieces, in order, to a {@link FrameDecoder}.
 */
public final class Chunks {

    public static final int MIN_MTU = 23;
    public static final int MAX_MTU = 512;
    private static final int ATT_OVERHEAD = 3;

    private Chunks() {
    }

    public static List<byte[]> split(byte[] frameBytes, int mtu) {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("ATT MTU must be " + MIN_MTU + "-" + MAX_MTU);
        }
        int size = mtu - ATT_OVERHEAD;
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < frameBytes.length; from += size) {
            chunks.add(Arrays.copyOfRange(frameBytes, from, Math.min(frameBytes.length, from + size)));
        }
        return chunks;
    }
}
