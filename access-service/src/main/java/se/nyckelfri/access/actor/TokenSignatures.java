package se.nyckelfri.access.actor;

import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Verifies bearer-token signatures with BouncyCastle rather than the JDK's SunEC provider.
 *
 * <p>Every API request verifies one ES256 token. On the 2-core reference machine SunEC verifies about 1,200 P-256
 * signatures per second per core and BouncyCastle about 6,000 (docs/benchmarks.md), and the unlock benchmark's
 * profile showed SunEC token verification as the largest single cost of a request. The algorithm stays pinned by
 * the key selector; only the implementation of the same check changes.
 *
 * <p>Thread-safe: the factory and the provider are immutable once built.
 */
public final class TokenSignatures {

    private static final Provider PROVIDER = new BouncyCastleProvider();

    private TokenSignatures() {
    }

    /** A verifier factory whose ECDSA verifiers run on BouncyCastle. */
    public static JWSVerifierFactory bouncyCastleVerifiers() {
        DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();
        factory.getJCAContext().setProvider(PROVIDER);
        return factory;
    }
}
