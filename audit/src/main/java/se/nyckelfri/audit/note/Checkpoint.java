package se.nyckelfri.audit.note;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The body of a C2SP tlog-checkpoint: origin, tree size and root hash, one per line, no extension lines.
 */
public record Checkpoint(String origin, long size, byte[] root) {

    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("an origin is one non-empty line");
        }
        if (size < 0 || root == null || root.length != 32) {
            throw new IllegalArgumentException("a checkpoint has a size >= 0 and a 32-byte root");
        }
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** The note text, ending in a newline. */
    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    public static Checkpoint parse(String text) throws SignedNote.NoteException {
        String[] lines = text.split("\n", -1);
        if (lines.length != 4 || !lines[3].isEmpty()) {
            throw new SignedNote.NoteException("a checkpoint is exactly origin, size and root hash");
        }
        if (!SIZE.matcher(lines[1]).matches()) {
            throw new SignedNote.NoteException("a tree size is a decimal without leading zeroes");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new SignedNote.NoteException("a root hash is base64");
        }
        try {
            return new Checkpoint(lines[0], Long.parseLong(lines[1]), root);
        } catch (IllegalArgumentException e) {
            throw new SignedNote.NoteException(e.getMessage());
        }
    }
}
