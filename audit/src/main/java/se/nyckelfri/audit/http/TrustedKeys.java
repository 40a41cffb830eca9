package se.nyckelfri.audit.http;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.NoteSigner;
import se.nyckelfri.audit.witness.Witness;

/**
 * The keys a checkpoint must verify with: the log's own, then its witness's (configured with
 * {@code nyckelfri.audit.witness-key}, or the in-process witness's). Published at {@code keys}; the console's verified
 * view checks with the same. Thread-safe.
 */
@Component
public class TrustedKeys {

    private final NoteSigner auditLogSigner;
    private final Witness witness;
    private final String remoteWitnessKey;

    TrustedKeys(NoteSigner auditLogSigner, Witness witness, @Value("${nyckelfri.audit.witness-key:}") String remoteWitnessKey) {
        this.auditLogSigner = auditLogSigner;
        this.witness = witness;
        this.remoteWitnessKey = remoteWitnessKey;
    }

    /** The log's key, then the witness's. */
    public List<NoteKey> all() {
        return List.of(log(), witness());
    }

    public NoteKey log() {
        return auditLogSigner.key();
    }

    public NoteKey witness() {
        return remoteWitnessKey.isBlank() ? witness.key() : NoteKey.parse(remoteWitnessKey.trim());
    }
}
