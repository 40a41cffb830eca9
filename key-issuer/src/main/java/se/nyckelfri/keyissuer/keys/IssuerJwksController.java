package se.nyckelfri.keyissuer.keys;

import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The issuer's public keys as a JWK set at a stable URL, for commissioning locks and for anyone verifying a
 * credential. Public: it holds public keys only.
 */
@RestController
class IssuerJwksController {

    /** Where the set is published. */
    static final String PATH = "/issuer/jwks.json";
    private final IssuerKeyRing keys;

    IssuerJwksController(IssuerKeyRing keys) {
        this.keys = keys;
    }

    @GetMapping(path = PATH, produces = "application/jwk-set+json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .contentType(MediaType.parseMediaType("application/jwk-set+json"))
                .body(keys.publicKeys().toJSONObject(true));
    }
}
