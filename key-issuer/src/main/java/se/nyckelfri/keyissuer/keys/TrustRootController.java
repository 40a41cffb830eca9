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
 * The locks' trust root as a public JWK, for commissioning locks and for anyone checking a trust-anchor update.
 * Public: it is a public key.
 */
@RestController
class TrustRootController {

    static final String PATH = "/issuer/trust-root.jwk";
    private final TrustRoot root;

    TrustRootController(TrustRoot root) {
        this.root = root;
    }

    @GetMapping(path = PATH, produces = "application/jwk+json")
    ResponseEntity<Map<String, Object>> root() {
        ECKey key = new ECKey.Builder(Curve.P_256, (ECPublicKey) root.publicKey()).keyUse(KeyUse.SIGNATURE)
                .keyID(HexFormat.of().formatHex(root.kid())).build();
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .contentType(MediaType.parseMediaType("application/jwk+json")).body(key.toJSONObject());
    }
}
