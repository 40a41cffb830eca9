package se.nyckelfri.audit.http;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import se.nyckelfri.audit.store.Checkpointer;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.audit.tile.TileId;

/**
 * The C2SP tlog-tiles read paths: {@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]} and
 * {@code tile/entries/<N>[.p/<W>]}, plus the verifier keys of the log and its witness. Checkpoints and hash tiles hold
 * nothing but hashes and are public; entry bundles hold staff pseudonyms and lock ids, so they need an auditor's token
 * (any tlog client can send one).
 */
@RestController
@RequestMapping(LogEndpoints.ROOT)
class TransparencyLogController {

    private static final String PREFIX = LogEndpoints.ROOT + "/tile/";

    private final MerkleAuditLog log;
    private final TrustedKeys keys;

    TransparencyLogController(MerkleAuditLog log, TrustedKeys keys) {
        this.log = log;
        this.keys = keys;
    }

    @GetMapping(value = "/checkpoint", produces = "text/plain;charset=utf-8")
    ResponseEntity<String> checkpoint() {
        Checkpointer.Published latest = log.latestCheckpoint()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No checkpoint has been published yet."));
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(latest.note());
    }

    /** The log's and the witness's public keys in signed-note verifier-key form, one per line. */
    @GetMapping(value = "/keys", produces = "text/plain;charset=utf-8")
    String keys() {
        return keys.all().stream().map(key -> key.vkey() + "\n").collect(Collectors.joining());
    }

    @GetMapping("/tile/{level:[0-9]+}/**")
    @Transactional(readOnly = true)
    ResponseEntity<byte[]> tile(HttpServletRequest request) {
        return serve(request.getRequestURI().substring(PREFIX.length()));
    }

    @GetMapping("/tile/entries/**")
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
    @Transactional(readOnly = true)
    ResponseEntity<byte[]> entries(HttpServletRequest request) {
        return serve(request.getRequestURI().substring(PREFIX.length()));
    }

    private ResponseEntity<byte[]> serve(String path) {
        TileId id = TileId.parse(path)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such tile path: " + path));
        Optional<byte[]> tile = log.tile(id);
        return tile.map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable()).body(bytes))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Tile " + path + " is not in the published tree."));
    }
}
