package se.nyckelfri.keyissuer.keys;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The issuer's public keys as a JWK set at a stable URL, for commissioning locks and for anyone verifying a
 * credential; and the locks' trust root as a JWK, for commissioning locks and for anyone checking a trust-anchor
 * update. Public: they are public keys.
 */
@RestController
class IssuerJwksController {

    /** Where the set is published. */
    static final String PATH = "/issuer/jwks.json";
    /** Where every key the issuer ever signed with is published, retired ones included: for auditors. */
    static final String HISTORY_PATH = "/issuer/jwks-history.json";
    /** Where the trust root is published. */
    static final String ROOT_PATH = "/issuer/trust-root.jwk";
    private final IssuerKeyRing keys;
    private final TrustRoot root;

    IssuerJwksController(IssuerKeyRing keys, TrustRoot root) {
        this.keys = keys;
        this.root = root;
    }

    @GetMapping(path = ROOT_PATH, produces = "application/jwk+json")
    ResponseEntity<Map<String, Object>> trustRoot() {
        ECKey key = new ECKey.Builder(Curve.P_256, (ECPublicKey) root.publicKey()).keyUse(KeyUse.SIGNATURE)
                .keyID(HexFormat.of().formatHex(root.kid())).build();
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .contentType(MediaType.parseMediaType("application/jwk+json")).body(key.toJSONObject());
    }

    @GetMapping(path = PATH, produces = "application/jwk-set+json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .contentType(MediaType.parseMediaType("application/jwk-set+json"))
                .body(keys.publicKeys().toJSONObject(true));
    }

    @GetMapping(path = HISTORY_PATH, produces = "application/jwk-set+json")
    ResponseEntity<Map<String, Object>> history() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .contentType(MediaType.parseMediaType("application/jwk-set+json"))
                .body(keys.everyPublicKey().toJSONObject(true));
    }
}
