package se.nyckelfri.audit.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EntryCodecProperties {

    @Property(tries = 300)
    void decodeWhenEncodedThenSameEntryAndSameBytes(@ForAll("entries") Entry entry) throws Exception {
        byte[] bytes = EntryCodec.encode(entry);
        Entry decoded = EntryCodec.decode(bytes);
        assertThat(decoded).isEqualTo(entry);
        assertThat(EntryCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Property(tries = 300)
    void decodeWhenBytesAreGarbageThenTypedErrorNeverAnotherException(@ForAll byte[] garbage) {
        try {
            EntryCodec.decode(garbage);
        } catch (EntryException expected) {
            // fine: a typed error
        }
    }

    @Property(tries = 200)
    void decodeWhenTruncatedThenTypedError(@ForAll("entries") Entry entry, @ForAll("fractions") double cut) {
        byte[] bytes = EntryCodec.encode(entry);
        int length = (int) (bytes.length * cut);
        byte[] truncated = java.util.Arrays.copyOf(bytes, Math.min(length, bytes.length - 1));
        assertThatThrownBy(() -> EntryCodec.decode(truncated)).isInstanceOf(EntryException.class);
    }

    @Test
    void encodeWhenHexAttributeThenStoredAsBytesAndReadBackAsTheSameText() throws Exception {
        String sha = "3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c";
        Entry entry = new Entry(Instant.ofEpochMilli(1), "LOCK_RECEIPT", "lock:x", "lock", "x", "OPENED", "", -1,
                Map.of("receipt_sha256", sha, "counter", "12", "battery", "100", "via", "unlock"), List.of());
        byte[] bytes = EntryCodec.encode(entry);
        assertThat(EntryCodec.decode(bytes).attributes()).isEqualTo(entry.attributes());
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(sha);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3);
    }

    @Provide
    Arbitrary<Entry> entries() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> hexish = Arbitraries.oneOf(text, Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMaxLength(20));
        Arbitrary<Map<String, String>> attributes = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), hexish).ofMaxSize(6);
        Arbitrary<List<Entry.Commitment>> commitments = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(10),
                Arbitraries.bytes().array(byte[].class).ofSize(32)).as(Entry.Commitment::new).list().ofMaxSize(3);
        return Combinators.combine(Arbitraries.longs().between(0, 4_102_444_800_000L), text, text, text, text,
                        Arbitraries.longs().between(-1, Long.MAX_VALUE - 1), attributes, commitments)
                .as((millis, type, actor, subject, outcome, previous, attrs, comms) -> new Entry(Instant.ofEpochMilli(millis),
                        type, actor, "lock", subject, outcome, "", previous, attrs, comms));
    }
}
