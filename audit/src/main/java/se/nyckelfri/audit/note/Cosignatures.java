package se.nyckelfri.audit.note;

import java.nio.charset.StandardCharsets;

/** The message a cosignature/v1 signs (C2SP tlog-cosignature): header, time line, then the checkpoint text. */
final class Cosignatures {

    private Cosignatures() {
    }

    static byte[] message(String checkpointText, long epochSeconds) {
        return ("cosignature/v1\ntime " + epochSeconds + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }
}
