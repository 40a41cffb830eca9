package se.nyckelfri.audit.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs note texts with one Ed25519 key: as the log ({@link NoteKey#ED25519}) or as a witness
 * ({@link NoteKey#COSIGNATURE_V1}, timestamped). The private key lives in a file of its own (mode 600), never in
 * the database the log is stored in.
 *
 * <p>Thread-safe: every signature uses its own signer over the immutable key.
 */
public final class NoteSigner {

    private final Ed25519PrivateKeyParameters privateKey;
    private final NoteKey key;

    public NoteSigner(String name, byte type, byte[] seed) {
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.key = new NoteKey(name, type, privateKey.generatePublicKey().getEncoded());
    }

    /** Loads the key seed from {@code file}, creating a fresh one (mode 600) on first use. */
    public static NoteSigner loadOrCreate(Path file, String name, byte type) {
        return new NoteSigner(name, type, KeyFiles.loadOrCreate(file, 32));
    }

    public NoteKey key() {
        return key;
    }

    /** The signature line for {@code text} (a log signature), without the trailing newline. */
    public String sign(String text) {
        if (key.type() != NoteKey.ED25519) {
            throw new IllegalStateException("a cosigner signs with cosign()");
        }
        return line(ed25519(text.getBytes(StandardCharsets.UTF_8)), new byte[0]);
    }

    /** A timestamped cosignature/v1 line over checkpoint {@code text} at {@code epochSeconds}. */
    public String cosign(String text, long epochSeconds) {
        if (key.type() != NoteKey.COSIGNATURE_V1) {
            throw new IllegalStateException("a log signs with sign()");
        }
        byte[] signature = ed25519(Cosignatures.message(text, epochSeconds));
        return line(signature, ByteBuffer.allocate(8).putLong(epochSeconds).array());
    }

    private byte[] ed25519(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    private String line(byte[] signature, byte[] prefix) {
        ByteBuffer body = ByteBuffer.allocate(4 + prefix.length + signature.length);
        body.putInt(key.keyId()).put(prefix).put(signature);
        return "\u2014 " + key.name() + " " + Base64.getEncoder().encodeToString(body.array());
    }
}
