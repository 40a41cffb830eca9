package se.nyckelfri.lock.protocol.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import se.nyckelfri.lock.protocol.TestKeys;
import se.nyckelfri.lock.protocol.cbor.CborMap;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
import se.nyckelfri.lock.protocol.credential.CredentialRejection;
import se.nyckelfri.lock.protocol.credential.Credentials;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/** The update formats: what each says survives the round trip, and each wrong one is named for what is wrong. */
class LockUpdatesTest {

    static final KeyPair ISSUER = TestKeys.p256();
    static final KeyPair ROOT = TestKeys.p256();
    static final byte[] ISSUER_KID = Receipts.keyId(ISSUER.getPublic());
    static final byte[] ROOT_KID = Receipts.keyId(ROOT.getPublic());
    static final Function<byte[], PublicKey> ISSUERS = kid -> Arrays.equals(kid, ISSUER_KID) ? ISSUER.getPublic() : null;
    static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

    static LockUpdates.Revocation entry(int i) {
        return LockUpdates.Revocation.of(LockUpdates.RevocationKind.values()[i % 3], UUID.randomUUID(), NOW.plusSeconds(i));
    }

    @Test
    void revocationsWhenSignedByAnIssuerThenRoundTripUpToTheBound() {
        List<LockUpdates.Revocation> entries = new ArrayList<>();
        for (int i = 0; i < LockUpdates.MAX_REVOCATIONS; i++) {
            entries.add(entry(i));
        }
        LockUpdates.RevocationList list = new LockUpdates.RevocationList(7, NOW, NOW.minusSeconds(60), entries);
        byte[] update = LockUpdates.sign(list, ISSUER_KID, CoseSign1.signerFor(ISSUER.getPrivate()));
        System.out.println("revocation list of " + entries.size() + " entries: " + update.length + " bytes");
        assertThat(update.length).isLessThanOrEqualTo(LockUpdates.MAX_BYTES);
        LockUpdates.Checked<LockUpdates.RevocationList> checked = LockUpdates.revocations(update, ISSUERS);
        assertThat(checked.rejection()).isNull();
        assertThat(checked.update()).isEqualTo(list);
    }

    @Test
    void revocationsWhenMoreEntriesThanALockKeepsThenTooManyEntries() {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i <= LockUpdates.MAX_REVOCATIONS; i++) {
            entries.add(entry(i).encode());
        }
        byte[] payload = CborMap.builder().put(LockUpdates.KIND, LockUpdates.REVOCATIONS).put(2, 8).put(3, NOW.getEpochSecond())
                .put(4, 0).put(5, entries).encode();
        byte[] update = CoseSign1.sign(ISSUER_KID, payload, CoseSign1.signerFor(ISSUER.getPrivate()));
        assertThat(LockUpdates.revocations(update, ISSUERS).rejection()).isEqualTo(UpdateRejection.TOO_MANY_ENTRIES);
    }

    @Test
    void trustAnchorsWhenSignedByTheRootThenRoundTripAndByAnIssuerThenNotSignedByRoot() {
        LockUpdates.TrustAnchors anchors = new LockUpdates.TrustAnchors(2, NOW, List.of(P256.compress(ISSUER.getPublic())));
        byte[] byRoot = LockUpdates.sign(anchors, ROOT_KID, CoseSign1.signerFor(ROOT.getPrivate()));
        LockUpdates.Checked<LockUpdates.TrustAnchors> checked = LockUpdates.trustAnchors(byRoot, ROOT.getPublic());
        assertThat(checked.accepted()).isTrue();
        assertThat(checked.update().issuerKeys()).containsExactly(P256.compress(ISSUER.getPublic()));
        byte[] byIssuer = LockUpdates.sign(anchors, ISSUER_KID, CoseSign1.signerFor(ISSUER.getPrivate()));
        assertThat(LockUpdates.trustAnchors(byIssuer, ROOT.getPublic()).rejection()).isEqualTo(UpdateRejection.NOT_SIGNED_BY_ROOT);
        byte[] forged = LockUpdates.sign(anchors, ROOT_KID, CoseSign1.signerFor(ISSUER.getPrivate()));
        assertThat(LockUpdates.trustAnchors(forged, ROOT.getPublic()).rejection()).isEqualTo(UpdateRejection.BAD_SIGNATURE);
    }

    @Test
    void updatesWhenOfAnotherKindThenMalformedSoNoSignedThingIsReadAsAnother() {
        byte[] list = LockUpdates.sign(new LockUpdates.RevocationList(1, NOW, null, List.of()), ISSUER_KID,
                CoseSign1.signerFor(ISSUER.getPrivate()));
        byte[] time = LockUpdates.sign(new LockUpdates.TimeUpdate(UUID.randomUUID(), NOW, new byte[16]), ISSUER_KID,
                CoseSign1.signerFor(ISSUER.getPrivate()));
        byte[] credential = Credentials.issue(new CredentialClaims(UUID.randomUUID(), "S-X", UUID.randomUUID(), NOW,
                NOW.plusSeconds(60), new byte[16], new byte[16]), ISSUER_KID, CoseSign1.signerFor(ISSUER.getPrivate()));
        assertThat(LockUpdates.time(list, ISSUERS).rejection()).isEqualTo(UpdateRejection.MALFORMED);
        assertThat(LockUpdates.revocations(time, ISSUERS).rejection()).isEqualTo(UpdateRejection.MALFORMED);
        assertThat(LockUpdates.revocations(credential, ISSUERS).rejection()).isEqualTo(UpdateRejection.MALFORMED);
        assertThat(LockUpdates.time(credential, ISSUERS).rejection()).isEqualTo(UpdateRejection.MALFORMED);
        assertThat(Credentials.verify(list, ISSUERS, UUID.randomUUID(), NOW, Duration.ZERO, Duration.ofDays(1), n -> true)
                .rejection()).isEqualTo(CredentialRejection.MALFORMED);
        assertThat(LockUpdates.time(time, ISSUERS).accepted()).isTrue();
    }
}
