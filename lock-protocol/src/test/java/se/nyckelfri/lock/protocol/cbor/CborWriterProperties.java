package se.nyckelfri.lock.protocol.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORPairList;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The hand-written encoder against the library's decoder, and its shortest-form integers. */
class CborWriterProperties {

    @Property(tries = 2000)
    void integerWhenEncodedThenLibraryDecodesSameValueInShortestForm(@ForAll long value, @ForAll int key) {
        byte[] encoded = new CborWriter().put(key, value).encode();
        Map<Object, Object> decoded = decode(encoded);
        assertThat(((Number) decoded.get(key)).longValue()).isEqualTo(value);
        long magnitude = value >= 0 ? value : -1 - value;
        int expected = magnitude < 24 ? 1 : magnitude <= 0xFF ? 2 : magnitude <= 0xFFFF ? 3 : magnitude <= 0xFFFF_FFFFL ? 5 : 9;
        assertThat(CborWriter.integer(value)).hasSize(expected);
    }

    @Property(tries = 500)
    void textAndBytesWhenEncodedThenLibraryDecodesThem(@ForAll String text, @ForAll byte[] bytes) {
        Map<Object, Object> decoded = decode(new CborWriter().put(1, text).put(-65537, bytes).encode());
        assertThat(decoded.get(1)).isEqualTo(text);
        assertThat((byte[]) decoded.get(-65537)).isEqualTo(bytes);
    }

    @Example
    void keysWhenEncodedThenSortedByTheirEncodingWhateverTheInsertionOrder() {
        byte[] a = new CborWriter().put(-65537, 1).put(39, 1).put(2, 1).put(-1, 1).encode();
        byte[] b = new CborWriter().put(2, 1).put(-1, 1).put(-65537, 1).put(39, 1).encode();
        assertThat(a).isEqualTo(b);
        // 2 (0x02) < 39 (0x18 0x27) < -1 (0x20) < -65537 (0x3a ...)
        assertThat(a[1]).isEqualTo((byte) 0x02);
    }

    private static Map<Object, Object> decode(byte[] bytes) {
        try {
            return ((CBORPairList) new CBORDecoder(bytes).next()).parse();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
