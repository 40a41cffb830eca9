package se.nyckelfri.lock.protocol.frame;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a byte stream, fed in chunks of any size, into frames. Never throws on input and never waits: it works only
 * on the bytes it is given. After an error that loses the frame boundary (wrong version, oversized length) the
 * stream cannot be trusted, so the decoder stops ({@link #failed()}) and the connection should be closed. Not
 * thread-safe: one decoder per connection.
 */
public final class FrameDecoder {

    /** A frame, or the error that ended the stream. */
    public sealed interface Result permits Decoded, Failed { }

    public record Decoded(Frame frame) implements Result { }

    public record Failed(FrameError error) implements Result { }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private FrameError failure;

    /** Adds {@code chunk} and returns the frames it completes (and an error, last, if the stream broke). */
    public List<Result> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    public List<Result> feed(byte[] chunk, int offset, int length) {
        List<Result> results = new ArrayList<>();
        if (failure != null) {
            return results;
        }
        pending.write(chunk, offset, length);
        byte[] buffer = pending.toByteArray();
        int position = 0;
        while (buffer.length - position >= Frame.HEADER) {
            int version = buffer[position] & 0xFF;
            int type = buffer[position + 1] & 0xFF;
            int correlation = ((buffer[position + 2] & 0xFF) << 8) | (buffer[position + 3] & 0xFF);
            int payloadLength = ((buffer[position + 4] & 0xFF) << 8) | (buffer[position + 5] & 0xFF);
            if (version != Frame.VERSION) {
                return fail(results, FrameError.WRONG_VERSION);
            }
            if (payloadLength > Frame.maxPayload(type)) {
                return fail(results, FrameError.OVERSIZED);
            }
            if (buffer.length - position - Frame.HEADER < payloadLength) {
                break;
            }
            byte[] payload = new byte[payloadLength];
            System.arraycopy(buffer, position + Frame.HEADER, payload, 0, payloadLength);
            results.add(new Decoded(new Frame(version, type, correlation, payload)));
            position += Frame.HEADER + payloadLength;
        }
        pending.reset();
        pending.write(buffer, position, buffer.length - position);
        return results;
    }

    /** Call when the stream ends: a partial frame still buffered is {@link FrameError#TRUNCATED}. */
    public List<Result> endOfStream() {
        if (failure == null && pending.size() > 0) {
            return fail(new ArrayList<>(), FrameError.TRUNCATED);
        }
        return List.of();
    }

    public boolean failed() {
        return failure != null;
    }

    /** Decodes exactly one frame from {@code bytes} (nothing missing, nothing left over). */
    public static Result decodeOne(byte[] bytes) {
        FrameDecoder decoder = new FrameDecoder();
        List<Result> results = new ArrayList<>(decoder.feed(bytes));
        results.addAll(decoder.endOfStream());
        if (results.size() == 1) {
            return results.get(0);
        }
        if (results.isEmpty()) {
            return new Failed(FrameError.TRUNCATED);
        }
        return results.get(results.size() - 1) instanceof Failed f ? f : new Failed(FrameError.MALFORMED_PAYLOAD);
    }

    private List<Result> fail(List<Result> results, FrameError error) {
        failure = error;
        pending.reset();
        results.add(new Failed(error));
        return results;
    }
}
