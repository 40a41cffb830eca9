package se.nyckelfri.keyissuer.signing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;

/**
 * Issues lock credentials, and never one without a record: the issuance is appended to the audit log and committed
 * (durable: synchronous commit) before the signer is called. If the record cannot be written, nothing is signed;
 * if signing then fails, the log shows an issuance whose credential never left, which is the safe direction.
 * Thread-safe.
 */
public final class CredentialIssuer {

    /** The longest an online credential may live. */
    public static final Duration MAX_ONLINE_LIFETIME = Duration.ofMinutes(2);
    private final CredentialSigner signer;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CredentialIssuer(CredentialSigner signer, AuditLog audit, Clock clock) {
        this.signer = signer;
        this.audit = audit;
        this.clock = clock;
    }

    /** What to issue: who may open which lock under which grant, answering which challenge, for how long. */
    /**
     * What to issue. {@code emergencyIndex} is the audit index of the emergency this credential is issued for (a
     * break-glass opening), recorded with the issuance so that the two are linked exactly; {@code null} for an ordinary
     * opening.
     */
    public record Request(UUID lockId, String staffPseudonym, UUID grantId, byte[] nonce, Duration lifetime,
                          String actorPseudonym, Long emergencyIndex) {
        public Request {
            if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_ONLINE_LIFETIME) > 0) {
                throw new IllegalArgumentException("an online credential lives at most " + MAX_ONLINE_LIFETIME);
            }
        }

        /** An ordinary opening's credential. */
        public Request(UUID lockId, String staffPseudonym, UUID grantId, byte[] nonce, Duration lifetime, String actorPseudonym) {
            this(lockId, staffPseudonym, grantId, nonce, lifetime, actorPseudonym, null);
        }
    }

    /** An issued credential with the audit index of its issuance. */
    public record Issued(byte[] credential, CredentialClaims claims, String keyId, long auditIndex) { }

    public Issued issue(Request request) {
        Instant now = clock.instant();
        byte[] credentialId = new byte[CredentialClaims.ID_BYTES];
        random.nextBytes(credentialId);
        CredentialClaims claims = new CredentialClaims(request.lockId(), request.staffPseudonym(), request.grantId(),
                now, now.plus(request.lifetime()), credentialId, request.nonce());
        long index = audit.appendDurably(AuditEvent.of("CREDENTIAL_ISSUED", request.actorPseudonym())
                .subject("lock", request.lockId())
                .attribute("credential", HexFormat.of().formatHex(credentialId))
                .attribute("staff", request.staffPseudonym())
                .attribute("grant", request.grantId())
                .attribute("not_before", claims.notBefore())
                .attribute("expiry", claims.expiry())
                .attribute("emergency", request.emergencyIndex())
                .build());
        CredentialSigner.SignedCredential signed = signer.sign(claims);
        return new Issued(signed.credential(), claims, signed.keyId(), index);
    }
}
