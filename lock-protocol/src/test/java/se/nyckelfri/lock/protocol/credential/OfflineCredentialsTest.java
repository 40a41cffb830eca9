package se.nyckelfri.lock.protocol.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORTaggedItem;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import se.nyckelfri.lock.protocol.TestKeys;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.P256;

/** Device-bound (offline) credentials: their size, their {@code cnf} claim as RFC 8747 writes it, and the proof of possession. */
class OfflineCredentialsTest {

    static final KeyPair ISSUER = TestKeys.p256();
    static final KeyPair DEVICE = TestKeys.p256();
    static final byte[] KID = HexFormat.of().parseHex("0102030405060708");
    static final Function<byte[], PublicKey> TRUSTED = kid -> Arrays.equals(kid, KID) ? ISSUER.getPublic() : null;
    static final UUID LOCK = UUID.randomUUID();
    static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

    static byte[] issue(CredentialClaims claims) {
        return Credentials.issue(claims, KID, CoseSign1.signerFor(ISSUER.getPrivate()));
    }

    static CredentialClaims shift(String pseudonym, Instant from, Instant to) {
        return CredentialClaims.deviceBound(LOCK, pseudonym, UUID.randomUUID(), from, to, new byte[16],
                P256.compress(DEVICE.getPublic()), from);
    }

    @Test
    void issueWhenDeviceBoundThenAtMost256BytesOneBleWriteEvenAtTheLimitsAndRoundTrips() {
        CredentialClaims typical = shift("S-7KQ2M9XD4TBW", NOW, NOW.plus(Duration.ofHours(9)));
        byte[] credential = issue(typical);
        System.out.println("offline credential size: " + credential.length + " bytes");
        assertThat(credential.length).isLessThanOrEqualTo(Credentials.MAX_BYTES);
        Credentials.Verdict verdict = Credentials.verify(credential, TRUSTED, LOCK, NOW.plusSeconds(60), Duration.ofSeconds(60),
                Duration.ofHours(24), nonce -> false);
        assertThat(verdict.accepted()).as(verdict.toString()).isTrue();
        assertThat(verdict.claims()).isEqualTo(typical);

        Instant late = Instant.ofEpochSecond(CredentialClaims.MAX_EPOCH_SECOND - 100_000);
        byte[] worst = issue(shift("S-ABCDEFGHIJKLMN", late, late.plus(Duration.ofHours(12))));
        assertThat(worst.length).isLessThanOrEqualTo(Credentials.MAX_BYTES).isLessThanOrEqualTo(512 - 3 - 253);
    }

    @Test
    void cnfClaimWhenReadByAGeneralCborDecoderThenIsTheDevicesCoseKeyAsRfc8747SaysAndNoNonce() throws Exception {
        byte[] credential = issue(shift("S-7KQ2M9XD4TBW", NOW, NOW.plus(Duration.ofHours(9))));
        CBORItemList sign1 = (CBORItemList) ((CBORTaggedItem) new CBORDecoder(credential).next()).getTagContent();
        byte[] payload = (byte[]) sign1.getItems().get(2).parse();
        Map<Object, Object> claims = ((CBORPairList) new CBORDecoder(payload).next()).parse();
        assertThat(claims).containsKeys(2, 4, 5, 6, 7, 8, -65537, -65538).doesNotContainKey(39).hasSize(8);
        @SuppressWarnings("unchecked")
        Map<Object, Object> coseKey = (Map<Object, Object>) ((Map<?, ?>) claims.get(8)).get(1);
        assertThat(coseKey).containsEntry(1, 2).containsEntry(-1, 1).hasSize(4);
        ECPublicKey device = (ECPublicKey) DEVICE.getPublic();
        assertThat(new java.math.BigInteger(1, (byte[]) coseKey.get(-2))).isEqualTo(device.getW().getAffineX());
        assertThat(coseKey.get(-3)).isEqualTo(device.getW().getAffineY().testBit(0));
    }

    @Test
    void proofWhenMadeByTheJdksEcdsaAsWebCryptoWouldThenHoldsAndForAnythingElseNot() throws Exception {
        CredentialClaims claims = shift("S-7KQ2M9XD4TBW", NOW, NOW.plus(Duration.ofHours(9)));
        byte[] credential = issue(claims);
        byte[] nonce = new byte[16];
        nonce[0] = 9;
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initSign(DEVICE.getPrivate());
        jdk.update(Credentials.proofInput(LOCK, nonce, credential));
        byte[] proof = jdk.sign();
        assertThat(Credentials.proofInput(LOCK, nonce, credential)).hasSize(79);
        assertThat(Credentials.proofHolds(claims, LOCK, nonce, credential, proof)).isTrue();
        assertThat(Credentials.proofHolds(claims, LOCK, nonce, credential,
                Credentials.prove(CoseSign1.signerFor(DEVICE.getPrivate()), LOCK, nonce, credential))).isTrue();

        assertThat(Credentials.proofHolds(claims, UUID.randomUUID(), nonce, credential, proof)).as("another lock").isFalse();
        assertThat(Credentials.proofHolds(claims, LOCK, new byte[16], credential, proof)).as("another challenge").isFalse();
        assertThat(Credentials.proofHolds(claims, LOCK, nonce, issue(shift("S-OTHER", NOW, NOW.plusSeconds(60))), proof))
                .as("another credential").isFalse();
        byte[] stranger = Credentials.prove(CoseSign1.signerFor(TestKeys.p256().getPrivate()), LOCK, nonce, credential);
        assertThat(Credentials.proofHolds(claims, LOCK, nonce, credential, stranger)).as("another key").isFalse();
    }

    @Test
    void compressedPointWhenNotOnTheCurveOrWrongPrefixThenRefused() {
        byte[] point = P256.compress(DEVICE.getPublic());
        assertThat(P256.compress(P256.decompress(point))).isEqualTo(point);
        byte[] wrongPrefix = point.clone();
        wrongPrefix[0] = 4;
        assertThatThrownBy(() -> P256.decompress(wrongPrefix)).isInstanceOf(IllegalArgumentException.class);
        int offCurve = 0;
        for (int x = 1; x <= 20; x++) {   // about half of all x have no point on the curve
            byte[] candidate = new byte[33];
            candidate[0] = 2;
            candidate[32] = (byte) x;
            try {
                assertThat(P256.compress(P256.decompress(candidate))).isEqualTo(candidate);
            } catch (IllegalArgumentException refused) {
                offCurve++;
            }
        }
        assertThat(offCurve).isPositive();
    }
}
