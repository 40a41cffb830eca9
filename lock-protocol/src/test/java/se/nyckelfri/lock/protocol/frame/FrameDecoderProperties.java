package se.nyckelfri.lock.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import se.nyckelfri.lock.protocol.credential.Credentials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The decoder against valid, chunked, truncated, mutated and random input: typed results only, never a throw. */
class FrameDecoderProperties {

    @Property(tries = 500)
    void messageWhenEncodedSplitForAnyMtuAndDecodedThenSameBytes(@ForAll("messages") Message message,
                                                               @ForAll @IntRange(min = 0, max = 0xFFFF) int correlation,
                                                               @ForAll @IntRange(min = 23, max = 512) int mtu) {
        byte[] wire = Messages.encode(correlation, message).encode();
        FrameDecoder decoder = new FrameDecoder();
        List<FrameDecoder.Result> results = new ArrayList<>();
        for (byte[] chunk : Chunks.split(wire, mtu)) {
            assertThat(chunk.length).isLessThanOrEqualTo(mtu - 3);
            results.addAll(decoder.feed(chunk));
        }
        results.addAll(decoder.endOfStream());
        assertThat(results).singleElement().isInstanceOf(FrameDecoder.Decoded.class);
        Messages.Decoded decoded = Messages.decode(((FrameDecoder.Decoded) results.get(0)).frame());
        assertThat(decoded).isInstanceOf(Messages.Ok.class);
        Messages.Ok ok = (Messages.Ok) decoded;
        assertThat(ok.correlation()).isEqualTo(correlation);
        assertThat(Messages.encode(correlation, ok.message()).encode()).isEqualTo(wire);
    }

    @Property(tries = 2000)
    void randomBytesWhenFedInRandomChunksThenOnlyTypedResults(@ForAll @Size(max = 3000) byte[] garbage,
                                                             @ForAll @IntRange(min = 1, max = 700) int chunk) {
        FrameDecoder decoder = new FrameDecoder();
        List<FrameDecoder.Result> results = new ArrayList<>();
        for (int from = 0; from < garbage.length; from += chunk) {
            results.addAll(decoder.feed(garbage, from, Math.min(chunk, garbage.length - from)));
        }
        results.addAll(decoder.endOfStream());
        for (FrameDecoder.Result r : results) {
            if (r instanceof FrameDecoder.Decoded d) {
                assertThat(Messages.decode(d.frame())).isNotNull();
            } else {
                assertThat(((FrameDecoder.Failed) r).error()).isNotNull();
            }
        }
        long failures = results.stream().filter(FrameDecoder.Failed.class::isInstance).count();
        assertThat(failures).isLessThanOrEqualTo(1);
    }

    @Property(tries = 3000)
    void validFrameWhenMutatedThenOnlyTypedResults(@ForAll("messages") Message message, @ForAll("mutations") Mutation mutation) {
        byte[] wire = mutation.apply(Messages.encode(7, message).encode());
        FrameDecoder.Result result = FrameDecoder.decodeOne(wire);
        if (result instanceof FrameDecoder.Decoded d) {
            Messages.Decoded decoded = Messages.decode(d.frame());
            if (decoded instanceof Messages.Ok ok) {
                // Whatever was accepted re-encodes to a frame that decodes to the same message.
                byte[] again = Messages.encode(ok.correlation(), ok.message()).encode();
                assertThat(Messages.decode(((FrameDecoder.Decoded) FrameDecoder.decodeOne(again)).frame()))
                        .isInstanceOf(Messages.Ok.class);
            }
        }
    }

    @Example
    void decodeWhenEachKindOfBadFrameThenItsTypedError() {
        byte[] valid = Messages.encode(1, new Message.Hello()).encode();
        assertThat(FrameDecoder.decodeOne(Arrays.copyOf(valid, 3))).isEqualTo(new FrameDecoder.Failed(FrameError.TRUNCATED));
        assertThat(FrameDecoder.decodeOne(new byte[0])).isEqualTo(new FrameDecoder.Failed(FrameError.TRUNCATED));
        byte[] wrongVersion = valid.clone();
        wrongVersion[0] = 2;
        assertThat(FrameDecoder.decodeOne(wrongVersion)).isEqualTo(new FrameDecoder.Failed(FrameError.WRONG_VERSION));
        byte[] oversized = ByteBuffer.allocate(6).put((byte) 1).put((byte) 3).putShort((short) 1).putShort((short) 1025).array();
        assertThat(FrameDecoder.decodeOne(oversized)).isEqualTo(new FrameDecoder.Failed(FrameError.OVERSIZED));
        byte[] maxLength = ByteBuffer.allocate(6).put((byte) 1).put((byte) 3).putShort((short) 1).putShort((short) 0xFFFF).array();
        assertThat(FrameDecoder.decodeOne(maxLength)).isEqualTo(new FrameDecoder.Failed(FrameError.OVERSIZED));
        assertThat(Messages.decode(new Frame(1, 0x42, 9, new byte[] {(byte) 0xA0})))
                .isEqualTo(new Messages.Refused(9, FrameError.UNKNOWN_TYPE));
        assertThat(Messages.decode(new Frame(1, Messages.UNLOCK, 9, new byte[] {(byte) 0xA0})))
                .isEqualTo(new Messages.Refused(9, FrameError.MALFORMED_PAYLOAD));
        assertThat(Messages.decode(new Frame(1, Messages.HELLO, 9, new byte[] {(byte) 0xFF, 0x00})))
                .isEqualTo(new Messages.Refused(9, FrameError.MALFORMED_PAYLOAD));
        byte[] tooLongCredential = new byte[Credentials.MAX_BYTES + 1];
        assertThat(Messages.decode(Messages.encode(3, new Message.Unlock(tooLongCredential))))
                .isEqualTo(new Messages.Refused(3, FrameError.MALFORMED_PAYLOAD));
    }

    @Example
    void decodeWhenDeeplyNestedCborThenTypedErrorNotStackOverflow() {
        byte[] nested = new byte[1000];
        Arrays.fill(nested, (byte) 0x81); // [[[[...
        assertThat(Messages.decode(new Frame(1, Messages.HELLO, 1, nested))).isInstanceOf(Messages.Refused.class);
    }

    @Example
    void feedWhenOneByteAtATimeThenFramesStillComplete() {
        byte[] a = Messages.encode(1, new Message.Hello()).encode();
        byte[] b = Messages.encode(2, new Message.ReadEvents(41)).encode();
        byte[] both = ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
        FrameDecoder decoder = new FrameDecoder();
        List<FrameDecoder.Result> results = new ArrayList<>();
        for (byte x : both) {
            results.addAll(decoder.feed(new byte[] {x}));
        }
        assertThat(results).hasSize(2).allMatch(FrameDecoder.Decoded.class::isInstance);
        assertThat(decoder.endOfStream()).isEmpty();
    }

    /** A way of damaging a frame. */
    interface Mutation {
        byte[] apply(byte[] wire);
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Mutation> flip = Arbitraries.integers().between(0, 10_000).map(bit -> w -> {
            byte[] m = w.clone();
            int i = bit % (m.length * 8);
            m[i / 8] ^= (byte) (1 << (i % 8));
            return m;
        });
        Arbitrary<Mutation> truncate = Arbitraries.integers().between(0, 10_000).map(n -> w -> Arrays.copyOf(w, n % w.length));
        Arbitrary<Mutation> append = Arbitraries.bytes().array(byte[].class).ofMaxSize(50).map(extra -> w -> {
            byte[] m = Arrays.copyOf(w, w.length + extra.length);
            System.arraycopy(extra, 0, m, w.length, extra.length);
            return m;
        });
        Arbitrary<Mutation> overwrite = Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.bytes())
                .as((at, value) -> w -> {
                    byte[] m = w.clone();
                    m[at % m.length] = value;
                    return m;
                });
        return Arbitraries.oneOf(flip, truncate, append, overwrite);
    }

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<byte[]> bytes16 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<byte[]> credential = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200);
        Arbitrary<byte[]> receipt = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(512);
        Arbitrary<Instant> clock = Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(Instant::ofEpochSecond);
        Arbitrary<Long> counter = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<UUID> uuid = Arbitraries.create(UUID::randomUUID);
        return Arbitraries.oneOf(
                Arbitraries.just(new Message.Hello()),
                Combinators.combine(uuid, bytes16, clock, counter).as(Message.Challenge::new),
                credential.map(Message.Unlock::new),
                credential.injectNull(0.3).map(Message.Relock::new),
                receipt.map(Message.Result::new),
                counter.map(Message.ReadEvents::new),
                // a batch fits one frame (payload <= 1024): three receipts of up to 300 bytes; three of 512 would not
                Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300).list().ofMaxSize(3),
                        Arbitraries.of(true, false)).as(Message.Events::new),
                Arbitraries.just(new Message.StatusRequest()),
                Combinators.combine(uuid, Arbitraries.integers().between(0, 100),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(32), clock, counter,
                        Arbitraries.of(Message.BoltState.class)).as(Message.Status::new),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(900).map(Message.TrustAnchorUpdate::new),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(900).map(Message.RevocationUpdate::new),
                Arbitraries.of(FrameError.class).map(Message.Error::new));
    }
}
