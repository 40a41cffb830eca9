package se.nyckelfri.audit.witness;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.note.SignedNote;

/**
 * The add-checkpoint operation of C2SP tlog-witness, with the spec's status codes: 404 unknown origin, 403 no
 * trusted log signature, 400 malformed or old size above the new size, 409 old size is not the size last
 * cosigned (answering that size) or same size with another root, 422 consistency proof does not verify,
 * 200 with cosignature lines. The check and the update of the stored state are one atomic step.
 *
 * <p>Thread-safe: {@link #addCheckpoint} is synchronised.
 */
public final class Witness implements WitnessClient {

    private final NoteSigner cosigner;
    private final Map<String, List<NoteKey>> logs;
    private final WitnessState state;
    private final Clock clock;

    /**
     * @param logs the logs this witness follows: origin → the log's trusted public keys
     */
    public Witness(NoteSigner cosigner, Map<String, List<NoteKey>> logs, WitnessState state, Clock clock) {
        if (cosigner.key().type() != NoteKey.COSIGNATURE_V1) {
            throw new IllegalArgumentException("a witness signs cosignature/v1");
        }
        this.cosigner = cosigner;
        this.logs = Map.copyOf(logs);
        this.state = state;
        this.clock = clock;
    }

    public NoteKey key() {
        return cosigner.key();
    }

    @Override
    public synchronized Response addCheckpoint(String body) {
        int blank = body.indexOf("\n\n");
        if (!body.startsWith("old ") || blank < 0) {
            return new Response(400, "the body is an old size line, proof lines, a blank line and a checkpoint\n");
        }
        String[] head = body.substring(0, blank).split("\n");
        long oldSize;
        List<byte[]> proof = new ArrayList<>();
        try {
            String old = head[0].substring(4);
            if (!old.matches("0|[1-9][0-9]{0,18}")) {
                return new Response(400, "the old size is a decimal without leading zeroes\n");
            }
            oldSize = Long.parseLong(old);
            if (head.length - 1 > 63) {
                return new Response(400, "at most 63 proof lines\n");
            }
            for (int i = 1; i < head.length; i++) {
                proof.add(Base64.getDecoder().decode(head[i]));
            }
        } catch (IllegalArgumentException e) {
            return new Response(400, "a proof line is one base64 hash\n");
        }
        SignedNote note;
        Checkpoint checkpoint;
        try {
            note = SignedNote.parse(body.substring(blank + 2));
            checkpoint = Checkpoint.parse(note.text());
        } catch (SignedNote.NoteException e) {
            return new Response(400, e.getMessage() + "\n");
        }
        List<NoteKey> keys = logs.get(checkpoint.origin());
        if (keys == null) {
            return new Response(404, "unknown log origin\n");
        }
        try {
            note.verify(keys);
        } catch (SignedNote.NoteException e) {
            return new Response(403, e.getMessage() + "\n");
        }
        if (oldSize > checkpoint.size()) {
            return new Response(400, "the old size is above the checkpoint's size\n");
        }
        Optional<WitnessState.Latest> latest = state.latest(checkpoint.origin());
        long latestSize = latest.map(WitnessState.Latest::size).orElse(0L);
        if (oldSize != latestSize) {
            return new Response(409, latestSize + "\n");
        }
        if (latest.isPresent()) {
            byte[] latestRoot = latest.get().root();
            if (oldSize == checkpoint.size()) {
                if (!MessageDigest.isEqual(latestRoot, checkpoint.root())) {
                    return new Response(409, latestSize + "\n");
                }
                if (!proof.isEmpty()) {
                    return new Response(422, "equal sizes take an empty proof\n");
                }
            } else if (oldSize > 0) {
                Proofs.Result result = Proofs.verifyConsistency(oldSize, checkpoint.size(), latestRoot, checkpoint.root(), proof);
                if (!result.ok()) {
                    return new Response(422, "the consistency proof does not verify: " + result.reason() + "\n");
                }
            }
        } else if (!proof.isEmpty()) {
            return new Response(422, "the proof from size 0 is empty\n");
        }
        state.store(checkpoint.origin(), checkpoint.size(), checkpoint.root());
        return new Response(200, cosigner.cosign(note.text(), clock.instant().getEpochSecond()) + "\n");
    }
}
