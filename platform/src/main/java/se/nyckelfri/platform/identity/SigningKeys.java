package se.nyckelfri.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;
import se.nyckelfri.access.system.SecretFiles;

/**
 * The identity provider's ES256 (P-256) token signing key: generated at first start into
 * {@code <data-dir>/keys/identity-signing.jwk} (mode 600) and reused on every later start, so tokens stay valid
 * across restarts.
 */
final class SigningKeys {

    private SigningKeys() {
    }

    static ECKey loadOrCreate(Path dataDir) {
        byte[] json = SecretFiles.loadOrCreate(dataDir.resolve("keys/identity-signing.jwk"), () -> {
            try {
                return new ECKeyGenerator(Curve.P_256)
                        .keyID(UUID.randomUUID().toString())
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.ES256)
                        .generate()
                        .toJSONString()
                        .getBytes(StandardCharsets.UTF_8);
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot generate the identity signing key", e);
            }
        });
        try {
            return ECKey.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException("the identity signing key file is not a valid EC JWK", e);
        }
    }
}
