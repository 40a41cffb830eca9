package se.nyckelfri.lock.protocol.cbor;

import java.util.Optional;
import java.util.function.ToIntFunction;

/** Finding the constant that travels as a number in the protocol's maps: a receipt's outcome, a bolt state, ... */
public final class WireCodes {

    private WireCodes() {
    }

    /** The one of {@code values} whose {@code code} is {@code wanted}, if any. */
    public static <E> Optional<E> find(E[] values, ToIntFunction<E> code, long wanted) {
        for (E value : values) {
            if (code.applyAsInt(value) == wanted) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
