package se.nyckelfri.gateway.bluetooth;

import com.intel.bluetooth.BlueCoveImpl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.microedition.io.Connector;
import javax.microedition.io.StreamConnection;
import se.nyckelfri.lock.protocol.frame.FrameDecoder;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.frame.Messages;

/**
 * {@link LockLink} over Bluetooth RFCOMM with BlueCove: a {@code btspp://} connection kept open between exchanges, a
 * reader thread that decodes frames and hands each answer to the exchange waiting for its correlation number.
 * On a timeout or a broken stream the connection is closed (its state is unknown) and the next exchange reconnects.
 * BlueCove binds its stack (the adapter) to the thread, so every thread that touches the link names the adapter.
 * Thread-safe: exchanges are serialised.
 */
public final class BluetoothLockLink implements LockLink {

    private final String url;
    private final Object bluetoothStack;
    private final Map<Integer, CompletableFuture<Messages.Decoded>> pending = new ConcurrentHashMap<>();
    private int nextCorrelation = 1;
    private StreamConnection connection;
    private InputStream in;
    private OutputStream out;

    /**
     * @param url            the lock's {@code btspp://} connection URL
     * @param bluetoothStack the BlueCove stack id of the gateway's adapter ({@code null} for the process default)
     */
    public BluetoothLockLink(String url, Object bluetoothStack) {
        this.url = url;
        this.bluetoothStack = bluetoothStack;
    }

    @Override
    public synchronized Message exchange(Message request, Duration timeout) throws LockLinkException {
        useAdapter();
        connectIfNeeded();
        int correlation = nextCorrelation;
        nextCorrelation = nextCorrelation % 0xFFFF + 1;
        CompletableFuture<Messages.Decoded> answer = new CompletableFuture<>();
        pending.put(correlation, answer);
        try {
            out.write(Messages.encode(correlation, request).encode());
            out.flush();
            Messages.Decoded decoded = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (decoded instanceof Messages.Ok ok) {
                return ok.message();
            }
            throw new LockLinkException(LockLinkException.Failure.PROTOCOL, "the lock's answer was not readable: "
                    + ((Messages.Refused) decoded).error());
        } catch (IOException e) {
            disconnect();
            throw new LockLinkException(LockLinkException.Failure.DROPPED, "the link broke while sending: " + e.getMessage());
        } catch (TimeoutException e) {
            disconnect();
            throw new LockLinkException(LockLinkException.Failure.TIMEOUT, "no answer within " + timeout);
        } catch (ExecutionException e) {
            disconnect();
            throw new LockLinkException(LockLinkException.Failure.DROPPED, "the link broke before the answer was complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnect();
            throw new LockLinkException(LockLinkException.Failure.TIMEOUT, "interrupted");
        } finally {
            pending.remove(correlation);
        }
    }

    private void connectIfNeeded() throws LockLinkException {
        if (connection != null) {
            return;
        }
        try {
            StreamConnection opened;
            // One adapter opens one connection at a time (as a radio pages one device at a time); BlueCove's stacks
            // are not safe for concurrent connection set-up on one adapter.
            synchronized (bluetoothStack != null ? bluetoothStack : BluetoothLockLink.class) {
                opened = (StreamConnection) Connector.open(url);
            }
            InputStream input = opened.openInputStream();
            in = input;
            out = opened.openOutputStream();
            connection = opened;
            Thread reader = new Thread(() -> read(opened, input), "lock-link-reader");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException | RuntimeException e) {
            throw new LockLinkException(LockLinkException.Failure.UNREACHABLE, "cannot connect to the lock: " + e.getMessage());
        }
    }

    /** BlueCove binds an adapter to the thread: every thread that touches this link's streams must name it. */
    private void useAdapter() {
        if (bluetoothStack != null) {
            BlueCoveImpl.setThreadBluetoothStackID(bluetoothStack);
        }
    }

    private void read(StreamConnection owner, InputStream in) {
        useAdapter();
        FrameDecoder decoder = new FrameDecoder();
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (FrameDecoder.Result result : decoder.feed(buffer, 0, n)) {
                    if (result instanceof FrameDecoder.Decoded d) {
                        Messages.Decoded message = Messages.decode(d.frame());
                        int correlation = message instanceof Messages.Ok ok ? ok.correlation()
                                : ((Messages.Refused) message).correlation();
                        CompletableFuture<Messages.Decoded> waiting = pending.get(correlation);
                        if (waiting != null) {
                            waiting.complete(message);
                        }
                    } else {
                        throw new IOException("stream lost its framing");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the connection is gone (BlueCove's emulator also throws unchecked "Device Closed")
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
        synchronized (this) {
            if (connection == owner) {
                disconnect();
            }
        }
    }

    /** Closes the streams and the connection: in the Generic Connection Framework a link is gone only when all are. */
    private void disconnect() {
        StreamConnection c = connection;
        AutoCloseable[] parts = {out, in};
        connection = null;
        in = null;
        out = null;
        for (AutoCloseable part : parts) {
            closeQuietly(part);
        }
        if (c != null) {
            closeQuietly(c::close);
        }
    }

    /**
     * Closes a part of a link that is going away anyway. BlueCove's emulator throws an unchecked "Device Closed" when
     * its adapter was released first (its own JVM shutdown hook does that while links are still open), so unchecked
     * failures are as expected here as {@link IOException}s.
     */
    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // already broken, or the adapter is gone
            }
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
