package se.nyckelfri.audit.witness;

/**
 * The log's side of C2SP tlog-witness {@code add-checkpoint}: the request body in, the witness's status and body
 * out. The in-process {@link Witness} implements it directly; a remote witness is an HTTP POST.
 */
@FunctionalInterface
public interface WitnessClient {

    /** The witness's answer to an add-checkpoint request. */
    record Response(int status, String body) { }

    Response addCheckpoint(String body);
}
