package se.nyckelfri.keyissuer.signing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import org.springframework.transaction.support.TransactionOperations;
import se.nyckelfri.keyissuer.archive.CredentialArchive;
import se.nyckelfri.lock.protocol.cose.Sha256;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
import se.nyckelfri.lock.protocol.credential.Credentials;

/**
 * Issues lock credentials, and never one without a record: the issuance is appended to the audit log and committed
 * (durable: synchronous commit) before the signer is called. If the record cannot be written, nothing is signed;
 * if signing then fails, the log shows an issuance whose credential never left, which is the safe direction.
 * Offline credentials for a device's sync are recorded together, in one transaction committed durably before the
 * first of them is signed.
 *
 * <p>Each issuance entry commits to what is about to be signed: {@code claims_sha256} is the SHA-256 of the CWT
 * claims set, the exact COSE payload ({@link Credentials#payload}). Once signed, the credential is kept in the
 * {@link CredentialArchive} before it leaves, so an auditor can check its signature with the published issuer key and
 * its payload against the entry. Thread-safe.
 */
public final class CredentialIssuer {

    /** The longest an online credential may live. */
    public static final Duration MAX_ONLINE_LIFETIME = Duration.ofMinutes(2);
    /** The longest an offline credential may live: a long shift. */
    public static final Duration MAX_OFFLINE_LIFETIME = Duration.ofHours(12);
    private final CredentialSigner signer;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionOperations transactions;
    private final CredentialArchive archive;
    private final SecureRandom random = new SecureRandom();

    public CredentialIssuer(CredentialSigner signer, AuditLog audit, Clock clock, TransactionOperations transactions,
                            CredentialArchive archive) {
        this.archive = archive;
        this.signer = signer;
        this.audit = audit;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * An offline credential to issue: bound to a device key (compressed point) rather than a nonce, for one lock,
     * from {@code notBefore} to {@code expiry} (at most {@link #MAX_OFFLINE_LIFETIME}).
     */
    public record OfflineRequest(UUID lockId, String staffPseudonym, UUID grantId, byte[] deviceKey, UUID deviceId,
                                 Instant notBefore, Instant expiry) {
        public OfflineRequest {
            if (!expiry.isAfter(notBefore) || Duration.between(notBefore, expiry).compareTo(MAX_OFFLINE_LIFETIME) > 0) {
                throw new IllegalArgumentException("an offline credential lives at most " + MAX_OFFLINE_LIFETIME);
            }
        }
    }

    /**
     * Issues offline credentials: all of them recorded, each with its own entry, in one transaction that commits
     * durably before any is signed; {@code alsoRecord} runs in that transaction with the claims about to be signed
     * (the caller's own rows of what it issued), so that the records and the caller's rows commit together or not at
     * all. An empty list issues nothing.
     */
    public List<Issued> issueOffline(List<OfflineRequest> requests, String actorPseudonym,
                                     java.util.function.Consumer<List<CredentialClaims>> alsoRecord) {
        Instant now = clock.instant();
        List<CredentialClaims> claims = new ArrayList<>(requests.size());
        for (OfflineRequest request : requests) {
            byte[] credentialId = new byte[CredentialClaims.ID_BYTES];
            random.nextBytes(credentialId);
            claims.add(CredentialClaims.deviceBound(request.lockId(), request.staffPseudonym(), request.grantId(),
                    request.notBefore(), request.expiry(), credentialId, request.deviceKey(), now));
        }
        transactions.execute(status -> {
            List<AuditEvent> events = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                OfflineRequest request = requests.get(i);
                CredentialClaims c = claims.get(i);
                events.add(AuditEvent.of("CREDENTIAL_ISSUED", actorPseudonym)
                        .subject("lock", request.lockId())
                        .attribute("credential", HexFormat.of().formatHex(c.credentialId()))
                        .attribute("staff", request.staffPseudonym())
                        .attribute("grant", request.grantId())
                        .attribute("not_before", c.notBefore())
                        .attribute("expiry", c.expiry())
                        .attribute("device", request.deviceId())
                        .attribute("offline", true)
                        .attribute("claims_sha256", claimsHash(c))
                        .build());
            }
            List<AuditLog.Pending> pending = audit.appendAll(events);
            alsoRecord.accept(List.copyOf(claims));
            return pending;
        });
        List<Issued> issued = new ArrayList<>(requests.size());
        List<CredentialArchive.Kept> kept = new ArrayList<>(requests.size());
        for (int i = 0; i < claims.size(); i++) {
            CredentialSigner.SignedCredential signed = signer.sign(claims.get(i));
            issued.add(new Issued(signed.credential(), claims.get(i), signed.keyId(), -1));
            kept.add(kept(claims.get(i), signed, now));
        }
        archive.keep(kept);
        return issued;
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

    /** An issued credential with the audit index of its issuance (-1 for offline ones, placed after the sync). */
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
                .attribute("claims_sha256", claimsHash(claims))
                .build());
        CredentialSigner.SignedCredential signed = signer.sign(claims);
        archive.keep(List.of(kept(claims, signed, now)));
        return new Issued(signed.credential(), claims, signed.keyId(), index);
    }

    private static String claimsHash(CredentialClaims claims) {
        return HexFormat.of().formatHex(Sha256.of(Credentials.payload(claims)));
    }

    private static CredentialArchive.Kept kept(CredentialClaims claims, CredentialSigner.SignedCredential signed, Instant at) {
        return new CredentialArchive.Kept(claims.credentialId(), claims.lockId(), signed.credential(), signed.keyId(), at,
                claims.expiry());
    }
}
