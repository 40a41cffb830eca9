package se.nyckelfri.audit.http;

/** Where the audit log answers over HTTP: one root for every C2SP endpoint. */
public final class LogEndpoints {

    /** The root: {@code checkpoint}, {@code keys}, {@code tile/…}, {@code entries/…}, {@code consistency}, {@code witness/…}. */
    public static final String ROOT = "/api/v1/audit/log";
    /** The in-process witness's tlog-witness endpoint. */
    public static final String WITNESS_ADD_CHECKPOINT = ROOT + "/witness/add-checkpoint";

    private LogEndpoints() {
    }
}
