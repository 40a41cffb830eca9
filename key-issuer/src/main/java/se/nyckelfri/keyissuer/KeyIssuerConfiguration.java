package se.nyckelfri.keyissuer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.keyissuer.signing.CredentialSigner;
import se.nyckelfri.keyissuer.signing.InProcessCredentialSigner;

/**
 * The key issuer's beans: the key ring in {@code <data-dir>/keys/issuer}, the in-process signer (replace the
 * {@link CredentialSigner} bean to sign in an HSM) and the issuer that records before it signs.
 */
@Configuration(proxyBeanMethods = false)
class KeyIssuerConfiguration {

    @Bean
    IssuerKeyRing issuerKeyRing(@Value("${nyckelfri.data-dir:./data}") Path dataDir,
                                @Value("${nyckelfri.issuer.rotation-overlap:PT1H}") Duration overlap, Clock clock) {
        return new IssuerKeyRing(dataDir.resolve("keys/issuer"), overlap, clock);
    }

    @Bean
    CredentialSigner credentialSigner(IssuerKeyRing keys) {
        return new InProcessCredentialSigner(keys);
    }

    @Bean
    CredentialIssuer credentialIssuer(CredentialSigner signer, AuditLog audit, Clock clock) {
        return new CredentialIssuer(signer, audit, clock);
    }
}
