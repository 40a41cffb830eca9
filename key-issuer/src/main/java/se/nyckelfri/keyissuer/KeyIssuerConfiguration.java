package se.nyckelfri.keyissuer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import se.nyckelfri.audit.AuditLog;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import se.nyckelfri.keyissuer.archive.CredentialArchive;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.keys.TrustRoot;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.keyissuer.signing.CredentialSigner;
import se.nyckelfri.keyissuer.signing.InProcessCredentialSigner;
import se.nyckelfri.keyissuer.signing.LockUpdateSigner;

/**
 * The key issuer's beans: the key ring in {@code <data-dir>/keys/issuer}, the locks' trust root in
 * {@code <data-dir>/keys/trust-root}, the in-process signer (replace the {@link CredentialSigner} bean to sign in an
 * HSM), and the issuers of credentials and lock updates that record before they sign.
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
    CredentialArchive credentialArchive(JdbcTemplate jdbc) {
        return new CredentialArchive(jdbc);
    }

    @Bean
    CredentialIssuer credentialIssuer(CredentialSigner signer, AuditLog audit, Clock clock, PlatformTransactionManager transactions,
                                      CredentialArchive archive) {
        return new CredentialIssuer(signer, audit, clock, new TransactionTemplate(transactions), archive);
    }

    @Bean
    TrustRoot trustRoot(@Value("${nyckelfri.data-dir:./data}") Path dataDir) {
        return new TrustRoot(dataDir.resolve("keys/trust-root"));
    }

    @Bean
    LockUpdateSigner lockUpdateSigner(IssuerKeyRing keys, TrustRoot root, AuditLog audit, Clock clock) {
        return new LockUpdateSigner(keys, root, audit, clock);
    }
}
