package se.nyckelfri.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;
import se.nyckelfri.access.system.SecretFiles;

/**
 * The identity provider's two signing keys, each generated at first start under {@code <data-dir>/keys/} (mode 600)
 * and reused on every later start, so tokens stay valid across restarts:
 * <ul>
 * <li>{@code identity-signing.jwk}, P-256, signs access tokens ES256, the only algorithm the APIs accept;</li>
 * <li>{@code identity-signing-rs256.jwk}, RSA 2048, signs ID tokens RS256, the algorithm OpenID Connect Core
 * (section 15.1) requires every provider to support and every client assumes when it registers nothing else.</li>
 * </ul>
 * Each key carries its algorithm, so the token encoder picks the key by the token's {@code alg}.
 */
final class SigningKeys {

    private SigningKeys() {
    }

    static ECKey loadOrCreate(Path dataDir) {
        return loadOrCreate(dataDir.resolve("keys/identity-signing.jwk"), ECKey.class, () -> new ECKeyGenerator(Curve.P_256)
                .keyID(UUID.randomUUID().toString())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .generate());
    }

    static RSAKey loadOrCreateRsa(Path dataDir) {
        return loadOrCreate(dataDir.resolve("keys/identity-signing-rs256.jwk"), RSAKey.class, () -> new RSAKeyGenerator(2048)
                .keyID(UUID.randomUUID().toString())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate());
    }

    private interface Generator {
        JWK generate() throws JOSEException;
    }

    private static <K extends JWK> K loadOrCreate(Path file, Class<K> type, Generator generator) {
        byte[] json = SecretFiles.loadOrCreate(file, () -> {
            try {
                return generator.generate().toJSONString().getBytes(StandardCharsets.UTF_8);
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot generate the identity signing key " + file.getFileName(), e);
            }
        });
        JWK key;
        try {
            key = JWK.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalStateException("the identity signing key file " + file.getFileName() + " is not a valid JWK", e);
        }
        if (!type.isInstance(key) || !key.isPrivate()) {
            throw new IllegalStateException("the identity signing key file " + file.getFileName() + " does not hold a private "
                    + type.getSimpleName());
        }
        return type.cast(key);
    }
}
