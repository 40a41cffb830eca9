package se.nyckelfri.audit.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and signature lines
 * {@code — <name> base64(keyid || signature)}.
 *
 * <p>{@link #parse} refuses anything malformed with {@link NoteException}; {@link #verify} checks the
 * signatures of the keys a verifier trusts, ignores the others, and refuses the whole note if a trusted key's
 * signature does not verify or if no trusted key signed it. Immutable and thread-safe.
 */
public record SignedNote(String text, List<Line> signatures) {

    /** At most this many signature lines are read (the spec requires accepting at least 16). */
    public static final int MAX_SIGNATURES = 64;
    private static final int MAX_BYTES = 64 * 1024;

    /** One signature line. */
    public record Line(String name, int keyId, byte[] signature) {
        public Line {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        String format() {
            byte[] body = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
            return "\u2014 " + name + " " + Base64.getEncoder().encodeToString(body) + "\n";
        }
    }

    /** Why a note was refused. */
    public static final class NoteException extends Exception {
        public NoteException(String message) {
            super(message);
        }
    }

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    /** The note as text: body, blank line, one line per signature. */
    public String format() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.format()));
        return out.toString();
    }

    /** This note with further signature lines (as a witness's response gives them), duplicates dropped. */
    public SignedNote with(List<Line> more) {
        Map<String, Line> all = new LinkedHashMap<>();
        for (Line line : signatures) {
            all.put(line.name() + "/" + line.keyId(), line);
        }
        for (Line line : more) {
            all.putIfAbsent(line.name() + "/" + line.keyId(), line);
        }
        return new SignedNote(text, new ArrayList<>(all.values()));
    }

    public static SignedNote parse(String note) throws NoteException {
        if (note == null || note.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new NoteException("a note is at most " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n' || c == 0x7f) {
                throw new NoteException("a note contains no control characters but newline");
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new NoteException("a note is text, a blank line and signature lines, each ending in a newline");
        }
        String text = note.substring(0, split + 1);
        String[] lines = note.substring(split + 2).split("\n", -1);
        List<Line> signatures = new ArrayList<>();
        for (int i = 0; i < lines.length - 1; i++) {
            signatures.add(parseLine(lines[i]));
            if (signatures.size() > MAX_SIGNATURES) {
                throw new NoteException("too many signatures");
            }
        }
        if (signatures.isEmpty()) {
            throw new NoteException("a note carries at least one signature");
        }
        return new SignedNote(text, signatures);
    }

    /** Parses signature lines alone, as a witness's add-checkpoint response carries them. */
    public static List<Line> parseLines(String lines) throws NoteException {
        List<Line> out = new ArrayList<>();
        for (String line : lines.split("\n")) {
            if (!line.isEmpty()) {
                out.add(parseLine(line));
            }
            if (out.size() > MAX_SIGNATURES) {
                throw new NoteException("too many signatures");
            }
        }
        return out;
    }

    static Line parseLine(String line) throws NoteException {
        if (!line.startsWith("\u2014 ")) {
            throw new NoteException("a signature line starts with an em dash and a space");
        }
        String[] parts = line.substring(2).split(" ", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[0].contains("+")) {
            throw new NoteException("a signature line is a key name and a base64 signature");
        }
        byte[] body;
        try {
            body = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new NoteException("a signature is base64");
        }
        if (body.length < 5) {
            throw new NoteException("a signature is a key id and signature bytes");
        }
        byte[] signature = new byte[body.length - 4];
        System.arraycopy(body, 4, signature, 0, signature.length);
        return new Line(parts[0], ByteBuffer.wrap(body).getInt(), signature);
    }

    /**
     * The trusted keys whose signatures verify, in the order given.
     *
     * @throws NoteException when a trusted key's signature fails, or no trusted key signed
     */
    public List<Verified> verify(Collection<NoteKey> trusted) throws NoteException {
        List<Verified> verified = new ArrayList<>();
        for (NoteKey key : trusted) {
            for (Line line : signatures) {
                if (!line.name().equals(key.name()) || line.keyId() != key.keyId()) {
                    continue;
                }
                long time = check(key, line);
                verified.add(new Verified(key, time));
            }
        }
        if (verified.isEmpty()) {
            throw new NoteException("no trusted key signed this note");
        }
        return verified;
    }

    /** A signature that verified; {@code time} is a cosignature's timestamp (0 for a log signature). */
    public record Verified(NoteKey key, long time) { }

    private long check(NoteKey key, Line line) throws NoteException {
        byte[] signature = line.signature();
        byte[] message;
        long time = 0;
        if (key.type() == NoteKey.COSIGNATURE_V1) {
            if (signature.length != 8 + 64) {
                throw new NoteException("a cosignature is a timestamp and 64 signature bytes");
            }
            time = ByteBuffer.wrap(signature).getLong();
            if (time < 0) {
                throw new NoteException("a cosignature's timestamp is below 2^63");
            }
            message = Cosignatures.message(text, time);
            byte[] rest = new byte[64];
            System.arraycopy(signature, 8, rest, 0, 64);
            signature = rest;
        } else {
            if (signature.length != 64) {
                throw new NoteException("an Ed25519 signature is 64 bytes");
            }
            message = text.getBytes(StandardCharsets.UTF_8);
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(key.publicKey(), 0));
        verifier.update(message, 0, message.length);
        if (!verifier.verifySignature(signature)) {
            throw new NoteException("the signature of " + key.name() + " does not verify");
        }
        return time;
    }
}
