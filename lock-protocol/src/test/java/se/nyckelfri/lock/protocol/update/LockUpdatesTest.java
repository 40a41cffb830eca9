package se.nyckelfri.lock.protocol.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORTaggedItem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    /**
     * A second implementation: the revocation list's COSE_Sign1 taken apart with a general CBOR decoder, its
     * Sig_structure built byte by byte as RFC 9052 §4.4 writes it, and the signature checked by the JDK's own ECDSA.
     */
    @Test
    void revocationsWhenVerifiedFromTheRfcsStructuresByHandThenTheJdkAcceptsTheSignature() throws Exception {
        byte[] update = LockUpdates.sign(new LockUpdates.RevocationList(3, NOW, null, List.of(entry(1))), ISSUER_KID,
                CoseSign1.signerFor(ISSUER.getPrivate()));
        CBORTaggedItem tagged = (CBORTaggedItem) new CBORDecoder(update).next();
        assertThat(tagged.getTagNumber()).isEqualTo(18);
        List<? extends CBORItem> parts = ((CBORItemList) tagged.getTagContent()).getItems();
        byte[] protectedHeader = (byte[]) parts.get(0).parse();
        byte[] payload = (byte[]) parts.get(2).parse();
        byte[] signature = (byte[]) parts.get(3).parse();
        ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream();
        toBeSigned.write(0x84);                                            // array of 4
        toBeSigned.write(0x6A);                                            // text of 10
        toBeSigned.writeBytes("Signature1".getBytes(StandardCharsets.US_ASCII));
        bstr(toBeSigned, protectedHeader);
        toBeSigned.write(0x40);                                            // external_aad: empty
        bstr(toBeSigned, payload);
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(ISSUER.getPublic());
        jdk.update(toBeSigned.toByteArray());
        assertThat(jdk.verify(signature)).isTrue();
        Map<Object, Object> claims = ((CBORPairList) new CBORDecoder(payload).next()).parse();
        assertThat(claims).containsEntry(1, 1).containsEntry(2, 3);
    }

    private static void bstr(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes.length < 24) {
            out.write(0x40 | bytes.length);
        } else if (bytes.length < 256) {
            out.write(0x58);
            out.write(bytes.length);
        } else {
            out.write(0x59);
            out.write(bytes.length >> 8);
            out.write(bytes.length & 0xFF);
        }
        out.writeBytes(bytes);
    }
}
