package se.nyckelfri.audit.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.note.SignedNote;
import se.nyckelfri.audit.tile.TileNodes;
import se.nyckelfri.audit.witness.WitnessClient;

/**
 * Publishes checkpoints: signs the tree head as a C2SP checkpoint with the log's Ed25519 key (kept in a file,
 * not in the database), submits it to the witness with a consistency proof from the last checkpoint the witness
 * cosigned, and stores and serves it only once cosigned. A refusal by the witness is logged as an error and the
 * checkpoint is not published: that is what a rewritten history looks like.
 *
 * <p>Thread-safe: {@link #publish} is synchronised; {@link #latest} is a volatile read.
 */
public final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    /** A published, cosigned checkpoint. */
    public record Published(long size, byte[] root, String note) { }

    private final JdbcTemplate jdbc;
    private final JdbcTiles tiles;
    private final NoteSigner signer;
    private final WitnessClient witness;
    private final Clock clock;
    private final String origin;
    private volatile Published latest;

    public Checkpointer(JdbcTemplate jdbc, JdbcTiles tiles, NoteSigner signer, WitnessClient witness, Clock clock, String origin) {
        this.jdbc = jdbc;
        this.tiles = tiles;
        this.signer = signer;
        this.witness = witness;
        this.clock = clock;
        this.origin = origin;
    }

    public String origin() {
        return origin;
    }

    /** The newest published checkpoint, if any. */
    public Optional<Published> latest() {
        if (latest == null) {
            List<String> notes = jdbc.queryForList("SELECT note FROM audit_checkpoint ORDER BY size DESC LIMIT 1", String.class);
            if (!notes.isEmpty()) {
                latest = parse(notes.get(0));
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Whether a checkpoint was published for any tree size in {@code [sizes[0], sizes[1])}. */
    public boolean publishedAnyOf(long[] sizes) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM audit_checkpoint WHERE size >= ? AND size < ?)", Boolean.class, sizes[0], sizes[1]));
    }

    /**
     * Signs, witnesses and publishes a checkpoint of {@code size} entries (all integrated).
     *
     * @return whether a new checkpoint was published
     */
    public synchronized boolean publish(long size) {
        Optional<Published> previous = latest();
        if (previous.isPresent() && previous.get().size() >= size) {
            return false;
        }
        MerkleTree tree = new MerkleTree(new TileNodes(tiles, size));
        Checkpoint checkpoint = new Checkpoint(origin, size, tree.root(size));
        String note = checkpoint.text() + "\n" + signer.sign(checkpoint.text()) + "\n";
        long oldSize = previous.map(Published::size).orElse(0L);
        WitnessClient.Response response = witness.addCheckpoint(request(tree, oldSize, size, note));
        if (response.status() == 409 && response.body().trim().matches("[0-9]+")) {
            long witnessSize = Long.parseLong(response.body().trim());
            if (witnessSize <= size) {
                response = witness.addCheckpoint(request(tree, witnessSize, size, note));
            }
        }
        if (response.status() != 200) {
            log.error("The witness refused checkpoint {} of {} ({}: {}); not published. A refused checkpoint means the "
                    + "log's history differs from what the witness saw.", size, origin, response.status(), response.body().trim());
            return false;
        }
        String cosigned;
        try {
            cosigned = SignedNote.parse(note).with(SignedNote.parseLines(response.body())).format();
        } catch (SignedNote.NoteException e) {
            log.error("The witness answered with unreadable cosignatures: {}", e.getMessage());
            return false;
        }
        jdbc.update("INSERT INTO audit_checkpoint (size, note, published_at) VALUES (?, ?, ?)", size, cosigned,
                Timestamp.from(clock.instant()));
        latest = new Published(size, checkpoint.root(), cosigned);
        return true;
    }

    private static String request(MerkleTree tree, long oldSize, long size, String note) {
        StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
        if (oldSize > 0 && oldSize < size) {
            tree.consistencyProof(oldSize, size).forEach(h -> body.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        }
        return body.append('\n').append(note).toString();
    }

    private static Published parse(String note) {
        try {
            Checkpoint c = Checkpoint.parse(SignedNote.parse(note).text());
            return new Published(c.size(), c.root(), note);
        } catch (SignedNote.NoteException e) {
            throw new IllegalStateException("a stored checkpoint is unreadable: " + e.getMessage(), e);
        }
    }
}
