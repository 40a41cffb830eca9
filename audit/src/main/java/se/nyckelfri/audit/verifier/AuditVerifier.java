package se.nyckelfri.audit.verifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.SignedNote;
import se.nyckelfri.audit.tile.TileNodes;

/**
 * {@code nyckelfri-audit-verify}: what an outside auditor runs, with only the log's and the witness's public keys
 * (verifier-key text, as {@code /api/v1/audit/log/keys} publishes them and the operator hands them over). Exit code
 * 0: verified; 1: verification failed (the output says what and where); 2: the check could not be run.
 */
@Command(name = "nyckelfri-audit-verify", mixinStandardHelpOptions = true,
        subcommands = {AuditVerifier.VerifyCheckpoint.class, AuditVerifier.FsckCommand.class,
                AuditVerifier.VerifyProof.class, AuditVerifier.Consistency.class, AuditVerifier.VerifyLock.class},
        description = "Verifies the Nyckelfri audit log without trusting its operator.")
public final class AuditVerifier {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, in plain text: no terminal colour codes, whatever the terminal says it can do. */
    public static CommandLine commandLine() {
        return new CommandLine(new AuditVerifier())
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }

    /** Trust anchors every command takes. */
    static class Keys {
        @Option(names = "--log-key", required = true, description = "The log's verifier key (name+id+key).")
        String logKey;

        @Option(names = "--witness-key", description = "A witness's verifier key; its cosignature is then required.")
        List<String> witnessKeys = new ArrayList<>();

        Checkpoint verified(String noteText, PrintWriter out) throws SignedNote.NoteException {
            SignedNote note = SignedNote.parse(noteText);
            NoteKey log = NoteKey.parse(logKey);
            note.verify(List.of(log));
            for (String w : witnessKeys) {
                NoteKey witness = NoteKey.parse(w);
                SignedNote.Verified cosigned = note.verify(List.of(witness)).get(0);
                out.printf("cosigned by %s at %s%n", witness.name(), java.time.Instant.ofEpochSecond(cosigned.time()));
            }
            Checkpoint checkpoint = Checkpoint.parse(note.text());
            if (!checkpoint.origin().equals(log.name())) {
                throw new SignedNote.NoteException("the checkpoint's origin " + checkpoint.origin() + " is not the log " + log.name());
            }
            return checkpoint;
        }
    }

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Mixin
        Keys keys = new Keys();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        int fail(String message) {
            out().println("FAILED: " + message);
            return 1;
        }

        /** The log or a file could not be read: nothing was verified either way. */
        int error(IOException e) {
            out().println("ERROR: " + e.getMessage());
            return 2;
        }

        /** A checkpoint, proof or bundle that does not verify is a FAILED line, whichever command found it. */
        @Override
        public Integer call() throws IOException {
            try {
                return verify();
            } catch (SignedNote.NoteException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }

        /** 0 when everything verified; what does not verify is thrown, or answered through {@link #fail}. */
        abstract int verify() throws SignedNote.NoteException, IOException;
    }

    @Command(name = "verify-checkpoint", description = "Verifies a saved checkpoint's signatures.")
    static final class VerifyCheckpoint extends Base {
        @Parameters(paramLabel = "CHECKPOINT", description = "A file holding the signed checkpoint.")
        Path file;

        @Override
        int verify() throws SignedNote.NoteException, IOException {
            Checkpoint c = keys.verified(Files.readString(file), out());
            out().printf("OK: %s size %d root %s%n", c.origin(), c.size(), Base64.getEncoder().encodeToString(c.root()));
            return 0;
        }
    }

    @Command(name = "fsck", description = "Re-derives the whole tree from the entries and compares it with the checkpoint.")
    static final class FsckCommand extends Base {
        @Option(names = "--log", required = true, description = "The log's tlog-tiles URL prefix.")
        String prefix;

        @Option(names = "--token", description = "A bearer token for the entry bundles (or env NYCKELFRI_TOKEN).")
        String token;

        @Override
        int verify() throws SignedNote.NoteException {
            LogSource source = LogSource.http(prefix, token != null ? token : System.getenv("NYCKELFRI_TOKEN"));
            try {
                Checkpoint checkpoint = keys.verified(source.checkpoint(), out());
                long started = System.nanoTime();
                Fsck.Report report = new Fsck(source).run(checkpoint);
                double seconds = (System.nanoTime() - started) / 1e9;
                if (!report.ok()) {
                    return fail(report.problem() + (report.firstBadIndex() == null ? "" : " [first bad index " + report.firstBadIndex() + "]"));
                }
                out().printf("OK: %d entries re-derived to the checkpoint's root in %.2f s (%,.0f entries/s; verifying "
                                + "thread %.2f CPU-s, %,.0f entries per CPU-second)%n", report.entries(), seconds,
                        report.entries() / Math.max(seconds, 1e-9), report.verifyCpuNanos() / 1e9,
                        report.entries() / Math.max(report.verifyCpuNanos() / 1e9, 1e-9));
                return 0;
            } catch (IOException e) {
                return error(e);
            }
        }
    }

    @Command(name = "verify-proof", description = "Verifies a C2SP tlog-proof bundle offline (the entry travels as its extra data).")
    static final class VerifyProof extends Base {
        @Parameters(paramLabel = "PROOF", description = "A .tlog-proof file.")
        Path file;

        @Override
        int verify() throws SignedNote.NoteException, IOException {
            String text = Files.readString(file);
            int blank = text.indexOf("\n\n");
            if (!text.startsWith("c2sp.org/tlog-proof@v1\n") || blank < 0) {
                return fail("not a c2sp.org/tlog-proof@v1 bundle");
            }
            String[] lines = text.substring(0, blank).split("\n");
            int at = 1;
            byte[] entry = null;
            if (lines[at].startsWith("extra ")) {
                entry = Base64.getDecoder().decode(lines[at++].substring(6));
            }
            if (entry == null || !lines[at].startsWith("index ")) {
                return fail("the bundle carries no entry or no index");
            }
            long index = Long.parseLong(lines[at++].substring(6));
            List<byte[]> proof = new ArrayList<>();
            while (at < lines.length) {
                proof.add(Base64.getDecoder().decode(lines[at++]));
            }
            Checkpoint checkpoint = keys.verified(text.substring(blank + 2), out());
            Proofs.Result result = Proofs.verifyInclusion(index, checkpoint.size(), Hashes.leaf(entry), proof, checkpoint.root());
            if (!result.ok()) {
                return fail("entry " + index + ": " + result.reason());
            }
            out().printf("OK: entry %d is in %s at size %d%n", index, checkpoint.origin(), checkpoint.size());
            return 0;
        }
    }

    @Command(name = "consistency", description = "Verifies that a newer saved checkpoint extends an older one (proof from the log's tiles).")
    static final class Consistency extends Base {
        @Parameters(index = "0", paramLabel = "OLD")
        Path older;

        @Parameters(index = "1", paramLabel = "NEW")
        Path newer;

        @Option(names = "--log", required = true, description = "The log's tlog-tiles URL prefix.")
        String prefix;

        @Override
        int verify() throws SignedNote.NoteException {
            try {
                Checkpoint a = keys.verified(Files.readString(older), out());
                Checkpoint b = keys.verified(Files.readString(newer), out());
                if (a.size() > b.size()) {
                    return fail("the first checkpoint is larger than the second");
                }
                LogSource source = LogSource.http(prefix, null);
                List<byte[]> proof = a.size() == 0 || a.size() == b.size() ? List.of()
                        : new MerkleTree(new TileNodes(tile -> {
                            try {
                                return source.tile(tile);
                            } catch (IOException e) {
                                throw new IllegalArgumentException("tile " + tile.path() + ": " + e.getMessage());
                            }
                        }, b.size())).consistencyProof(a.size(), b.size());
                Proofs.Result result = Proofs.verifyConsistency(a.size(), b.size(), a.root(), b.root(), proof);
                if (!result.ok()) {
                    return fail("size " + a.size() + " to " + b.size() + ": " + result.reason());
                }
                out().printf("OK: size %d extends size %d%n", b.size(), a.size());
                return 0;
            } catch (IOException e) {
                return error(e);
            }
        }
    }

    @Command(name = "verify-lock", description = "Checks every receipt and credential of one lock, or of every lock with "
            + "evidence, in a period against the lock's registered key, the issuer's published keys and the log (entries "
            + "proven from the tiles).")
    static final class VerifyLock extends Base {
        @Option(names = "--api", required = true, description = "The platform's address, e.g. http://localhost:8080.")
        String api;

        @Option(names = "--token", description = "An auditor's bearer token (or env NYCKELFRI_TOKEN).")
        String token;

        @Option(names = "--lock", description = "The lock's id; without it, every lock with a receipt or a credential in the period.")
        java.util.UUID lock;

        @Option(names = "--from", description = "Start of the period (ISO-8601 instant; default: 24 hours ago).")
        java.time.Instant from;

        @Option(names = "--until", description = "End of the period, exclusive (default: now).")
        java.time.Instant until;

        @Override
        int verify() throws SignedNote.NoteException {
            java.time.Instant end = until != null ? until : java.time.Instant.now();
            java.time.Instant start = from != null ? from : end.minus(java.time.Duration.ofHours(24));
            String bearer = token != null ? token : System.getenv("NYCKELFRI_TOKEN");
            String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
            try {
                Checkpoint checkpoint = keys.verified(LogSource.http(base + "/api/v1/audit/log", null).checkpoint(), out());
                LockEvidenceCheck check = new LockEvidenceCheck(base, bearer, checkpoint);
                List<java.util.UUID> locks = lock != null ? List.of(lock) : check.locks(start, end);
                out().printf("%s to %s, against checkpoint size %d: %d lock(s)%n", start, end, checkpoint.size(), locks.size());
                int failed = 0;
                for (java.util.UUID each : locks) {
                    LockEvidenceCheck.Report report = check.run(each, start, end);
                    if (!report.ok()) {
                        failed++;
                        report.problems().forEach(p -> out().println("FAILED: lock " + each + ": " + p));
                        continue;
                    }
                    out().printf("OK: lock %s: %d receipt(s)%s signed by the lock's registered key, each linked to the one "
                                    + "before and committed to by its log entry; %d credential(s) signed by the issuer's "
                                    + "published keys, each committed to by its issuance entry%n", each, report.receipts(),
                            report.receipts() == 0 ? "" : " (counters " + report.firstCounter() + "-" + report.lastCounter() + ")",
                            report.credentials());
                }
                if (failed > 0) {
                    out().printf("FAILED: %d of %d lock(s)%n", failed, locks.size());
                    return 1;
                }
                out().printf("OK: all %d lock(s)%n", locks.size());
                return 0;
            } catch (IOException e) {
                return error(e);
            }
        }
    }
}
