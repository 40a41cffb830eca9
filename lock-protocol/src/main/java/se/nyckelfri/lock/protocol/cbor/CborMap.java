package se.nyckelfri.lock.protocol.cbor;

import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORPairList;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A decoded CBOR map with integer keys and typed getters that refuse anything unexpected. Immutable.
 */
public final class CborMap {

    private final Map<Object, Object> values;

    private CborMap(Map<Object, Object> values) {
        this.values = values;
    }

    /** Decodes exactly one CBOR map from {@code bytes}, or throws {@link MalformedException}. */
    public static CborMap decode(byte[] bytes) throws MalformedException {
        try {
            CBORDecoder decoder = new CBORDecoder(bytes);
            CBORItem item = decoder.next();
            if (decoder.next() != null || !(item instanceof CBORPairList pairs)) {
                throw new MalformedException("not exactly one CBOR map");
            }
            return new CborMap(pairs.parse());
        } catch (MalformedException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw new MalformedException("not decodable CBOR");
        }
    }

    /** Starts building a map to encode. */
    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return values.size();
    }

    public byte[] bytes(int key, int length) throws MalformedException {
        if (!(values.get(key) instanceof byte[] b) || b.length != length) {
            throw new MalformedException("claim " + key + " must be " + length + " bytes");
        }
        return b.clone();
    }

    public Optional<byte[]> optionalBytes(int key, int maxLength) throws MalformedException {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof byte[] b) || b.length > maxLength) {
            throw new MalformedException("claim " + key + " must be at most " + maxLength + " bytes");
        }
        return Optional.of(b.clone());
    }

    public UUID uuid(int key) throws MalformedException {
        ByteBuffer b = ByteBuffer.wrap(bytes(key, 16));
        return new UUID(b.getLong(), b.getLong());
    }

    public long unsigned(int key, long max) throws MalformedException {
        Object v = values.get(key);
        long value;
        if (v instanceof Integer i) {
            value = i;
        } else if (v instanceof Long l) {
            value = l;
        } else if (v instanceof BigInteger) {
            throw new MalformedException("claim " + key + " is out of range");
        } else {
            throw new MalformedException("claim " + key + " must be an integer");
        }
        if (value < 0 || value > max) {
            throw new MalformedException("claim " + key + " is out of range");
        }
        return value;
    }

    /** An array of byte strings, each at most {@code maxLength}, at most {@code maxItems} of them. */
    public java.util.List<byte[]> byteList(int key, int maxItems, int maxLength) throws MalformedException {
        if (!(values.get(key) instanceof java.util.List<?> list) || list.size() > maxItems) {
            throw new MalformedException("claim " + key + " must be an array of at most " + maxItems);
        }
        java.util.List<byte[]> result = new java.util.ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof byte[] b) || b.length > maxLength) {
                throw new MalformedException("claim " + key + " must hold byte strings of at most " + maxLength);
            }
            result.add(b.clone());
        }
        return result;
    }

    /** A nested map. */
    public CborMap map(int key) throws MalformedException {
        if (!(values.get(key) instanceof Map<?, ?> nested)) {
            throw new MalformedException("claim " + key + " must be a map");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> entries = (Map<Object, Object>) nested;
        return new CborMap(entries);
    }

    public boolean bool(int key) throws MalformedException {
        if (!(values.get(key) instanceof Boolean b)) {
            throw new MalformedException("claim " + key + " must be true or false");
        }
        return b;
    }

    public boolean has(int key) {
        return values.containsKey(key);
    }

    public String text(int key, int maxLength) throws MalformedException {
        if (!(values.get(key) instanceof String s) || s.isEmpty() || s.length() > maxLength) {
            throw new MalformedException("claim " + key + " must be text of 1-" + maxLength + " characters");
        }
        return s;
    }

    /** Builds a deterministically encoded CBOR map with integer keys; not thread-safe. */
    public static final class Builder {
        private final CborWriter writer = new CborWriter();

        public Builder put(int key, Object value) {
            writer.put(key, value instanceof UUID u ? uuidBytes(u) : value);
            return this;
        }

        public byte[] encode() {
            return writer.encode();
        }
    }

    public static byte[] uuidBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    /** Input that is not the expected CBOR. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }
}
