package se.nyckelfri.keyissuer.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.keys.TrustRoot;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.lock.protocol.update.LockUpdates;

/**
 * Signs what locks learn after commissioning ({@link LockUpdates}), each recorded durably in the audit log before it
 * is signed, as credentials are: revocation lists and time updates with the current issuer key, trust anchors (the
 * issuer keys locks trust now) with the trust root. Versions are the caller's to keep. Thread-safe.
 */
public final class LockUpdateSigner {

    private final IssuerKeyRing keys;
    private final TrustRoot root;
    private final AuditLog audit;
    private final Clock clock;

    public LockUpdateSigner(IssuerKeyRing keys, TrustRoot root, AuditLog audit, Clock clock) {
        this.keys = keys;
        this.root = root;
        this.audit = audit;
        this.clock = clock;
    }

    public byte[] revocations(LockUpdates.RevocationList list, String actorPseudonym) {
        ECKey key = keys.signingKey();
        audit.appendDurably(AuditEvent.of("REVOCATION_LIST_SIGNED", actorPseudonym).subject("revocation_list", list.version())
                .attribute("entries", list.entries().size()).attribute("floor", list.floor()).attribute("key", key.getKeyID())
                .build());
        return LockUpdates.sign(list, HexFormat.of().parseHex(key.getKeyID()), signer(key));
    }

    /** Signed trust anchors and the ids of the issuer keys they name. */
    public record SignedAnchors(byte[] body, List<String> keyIds) { }

    /** Trust anchors naming every issuer key that is live now, signed by the trust root. */
    public SignedAnchors trustAnchors(long version, String actorPseudonym) {
        List<PublicKey> live = keys.liveKeys();
        List<String> keyIds = live.stream().map(IssuerKeyRing::keyId).toList();
        audit.appendDurably(AuditEvent.of("TRUST_ANCHORS_SIGNED", actorPseudonym).subject("trust_anchors", version)
                .attribute("keys", keyIds).build());
        return new SignedAnchors(root.sign(new LockUpdates.TrustAnchors(version, clock.instant(),
                live.stream().map(P256::compress).toList())), keyIds);
    }

    /** The time now for lock {@code lockId}, answering its challenge {@code nonce}. */
    public byte[] time(UUID lockId, byte[] nonce, String actorPseudonym) {
        ECKey key = keys.signingKey();
        audit.appendDurably(AuditEvent.of("LOCK_CLOCK_SET", actorPseudonym).subject("lock", lockId).build());
        return LockUpdates.sign(new LockUpdates.TimeUpdate(lockId, clock.instant(), nonce),
                HexFormat.of().parseHex(key.getKeyID()), signer(key));
    }

    private static se.nyckelfri.lock.protocol.cose.Es256Signer signer(ECKey key) {
        try {
            return CoseSign1.signerFor(key.toECPrivateKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("issuer key unusable", e);
        }
    }
}
