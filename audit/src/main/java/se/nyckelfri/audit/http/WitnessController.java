package se.nyckelfri.audit.http;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.audit.witness.Witness;
import se.nyckelfri.audit.witness.WitnessClient;

/**
 * {@code add-checkpoint} of C2SP tlog-witness ({@link LogEndpoints#WITNESS_ADD_CHECKPOINT}), answered by the
 * in-process witness: the same code the log calls directly, reachable by other logs' clients and by tests. Requests
 * carry no credentials by design (the checkpoint's signature is the authentication); a 409 answers the latest cosigned
 * size as {@code text/x.tlog.size}.
 */
@RestController
class WitnessController {

    private static final int MAX_BODY = 16 * 1024;

    private final Witness witness;

    WitnessController(Witness witness) {
        this.witness = witness;
    }

    @PostMapping(value = LogEndpoints.WITNESS_ADD_CHECKPOINT, produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> addCheckpoint(@RequestBody(required = false) String body) {
        if (body == null || body.length() > MAX_BODY) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("a request body of at most 16 KiB is required\n");
        }
        WitnessClient.Response response = witness.addCheckpoint(body);
        MediaType type = response.status() == 409 ? MediaType.parseMediaType("text/x.tlog.size") : MediaType.TEXT_PLAIN;
        return ResponseEntity.status(response.status()).contentType(type).body(response.body());
    }
}
