package se.nyckelfri.lock.protocol.credential;

import static org.assertj.core.api.Assertions.assertThat;

import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORTaggedItem;
import com.authlete.cose.COSEProtectedHeaderBuilder;
import com.authlete.cose.COSEUnprotectedHeader;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import se.nyckelfri.lock.protocol.TestKeys;
import se.nyckelfri.lock.protocol.cose.CoseSign1;

class CredentialsTest {

    static final KeyPair ISSUER = TestKeys.p256();
    static final byte[] KID = HexFormat.of().parseHex("0102030405060708");
    static final UUID LOCK = UUID.randomUUID();
    static final Instant NOW = Instant.parse("2026-11-24T07:10:00Z");
    static final byte[] NONCE = bytes(16, 7);
    static final Duration TOLERANCE = Duration.ofSeconds(30);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    static final Function<byte[], PublicKey> TRUSTED = kid -> Arrays.equals(kid, KID) ? ISSUER.getPublic() : null;

    static CredentialClaims claims(UUID lock, Instant nbf, Instant exp, byte[] nonce) {
        return new CredentialClaims(lock, "S-7KQ2M9XD4TBW", UUID.randomUUID(), nbf, exp, bytes(16, 1), nonce);
    }

    static byte[] valid() {
        return Credentials.issue(claims(LOCK, NOW.minusSeconds(5), NOW.plusSeconds(115), NONCE), KID,
                CoseSign1.signerFor(ISSUER.getPrivate()));
    }

    static Credentials.Verdict verify(byte[] credential) {
        return Credentials.verify(credential, TRUSTED, LOCK, NOW, TOLERANCE, MAX_LIFETIME, Credentials.only(NONCE));
    }

    @Test
    void issueWhenTypicalThenAtMost200BytesAndVerifiesRoundTrip() {
        CredentialClaims claims = claims(LOCK, NOW.minusSeconds(5), NOW.plusSeconds(115), NONCE);
        byte[] credential = Credentials.issue(claims, KID, CoseSign1.signerFor(ISSUER.getPrivate()));
        assertThat(credential.length).isLessThanOrEqualTo(200);
        System.out.println("credential size: " + credential.length + " bytes");
        Credentials.Verdict verdict = verify(credential);
        assertThat(verdict.accepted()).as(verdict.toString()).isTrue();
        assertThat(verdict.claims()).isEqualTo(claims);
        assertThat(verdict.issuerKid()).isEqualTo(KID);
    }

    @Test
    void issueWhenLongestPseudonymAndLargestTimesThenStillAtMost200Bytes() {
        CredentialClaims claims = new CredentialClaims(LOCK, "S".repeat(CredentialClaims.MAX_PSEUDONYM), UUID.randomUUID(),
                Instant.ofEpochSecond(CredentialClaims.MAX_EPOCH_SECOND - 100), Instant.ofEpochSecond(CredentialClaims.MAX_EPOCH_SECOND), bytes(16, 9), NONCE);
        assertThat(Credentials.issue(claims, KID, CoseSign1.signerFor(ISSUER.getPrivate())).length).isLessThanOrEqualTo(200);
    }

    @Test
    void verifyWhenEachClaimWrongThenThatRejection() {
        var signer = CoseSign1.signerFor(ISSUER.getPrivate());
        assertThat(verify(Credentials.issue(claims(UUID.randomUUID(), NOW, NOW.plusSeconds(60), NONCE), KID, signer)).rejection())
                .isEqualTo(CredentialRejection.WRONG_LOCK);
        assertThat(verify(Credentials.issue(claims(LOCK, NOW.plusSeconds(31), NOW.plusSeconds(90), NONCE), KID, signer)).rejection())
                .isEqualTo(CredentialRejection.NOT_YET_VALID);
        assertThat(verify(Credentials.issue(claims(LOCK, NOW.minusSeconds(120), NOW.minusSeconds(30), NONCE), KID, signer)).rejection())
                .isEqualTo(CredentialRejection.EXPIRED);
        assertThat(verify(Credentials.issue(claims(LOCK, NOW.minusSeconds(5), NOW.plus(Duration.ofHours(2)), NONCE), KID, signer)).rejection())
                .isEqualTo(CredentialRejection.LIFETIME_TOO_LONG);
        assertThat(verify(Credentials.issue(claims(LOCK, NOW, NOW.plusSeconds(60), bytes(16, 8)), KID, signer)).rejection())
                .isEqualTo(CredentialRejection.NONCE_MISMATCH);
        assertThat(Credentials.verify(valid(), TRUSTED, LOCK, NOW, TOLERANCE, MAX_LIFETIME, Credentials.only(null)).rejection())
                .as("no outstanding challenge").isEqualTo(CredentialRejection.NONCE_MISMATCH);
    }

    @Test
    void verifyWhenClockDriftWithinToleranceThenAccepted() {
        byte[] credential = valid();
        assertThat(Credentials.verify(credential, TRUSTED, LOCK, NOW.minusSeconds(30), TOLERANCE, MAX_LIFETIME, Credentials.only(NONCE)).accepted()).isTrue();
        assertThat(Credentials.verify(credential, TRUSTED, LOCK, NOW.plusSeconds(140), TOLERANCE, MAX_LIFETIME, Credentials.only(NONCE)).accepted()).isTrue();
        assertThat(Credentials.verify(credential, TRUSTED, LOCK, NOW.plusSeconds(145), TOLERANCE, MAX_LIFETIME, Credentials.only(NONCE)).rejection())
                .isEqualTo(CredentialRejection.EXPIRED);
    }

    @Test
    void verifyWhenSignedByUnknownKeyOrWithForeignKidThenRefused() {
        KeyPair stranger = TestKeys.p256();
        assertThat(verify(Credentials.issue(claims(LOCK, NOW, NOW.plusSeconds(60), NONCE), KID,
                CoseSign1.signerFor(stranger.getPrivate()))).rejection()).isEqualTo(CredentialRejection.BAD_SIGNATURE);
        assertThat(verify(Credentials.issue(claims(LOCK, NOW, NOW.plusSeconds(60), NONCE), bytes(8, 3),
                CoseSign1.signerFor(stranger.getPrivate()))).rejection()).isEqualTo(CredentialRejection.UNKNOWN_ISSUER_KEY);
    }

    @Test
    void verifyWhenAnySingleBitFlippedThenNeverAccepted() {
        byte[] credential = valid();
        for (int bit = 0; bit < credential.length * 8; bit++) {
            byte[] flipped = credential.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            Credentials.Verdict verdict = verify(flipped);
            assertThat(verdict.accepted()).as("bit %d", bit).isFalse();
        }
    }

    @Test
    void verifyWhenHeaderClaimsAnotherAlgorithmThenUnsupportedEvenWithValidSignatureBytes() {
        byte[] valid = valid();
        // Re-wrap the same payload and signature under headers naming HS256 (5) and "none"-like alg 0.
        for (int alg : new int[] {5, 0, -35, -8}) {
            byte[] forged = rewrap(valid, new COSEProtectedHeaderBuilder().alg(alg).kid(KID).build().encode());
            assertThat(verify(forged).rejection()).as("alg %d", alg).isIn(CredentialRejection.UNSUPPORTED_ALGORITHM,
                    CredentialRejection.MALFORMED);
        }
    }

    @Test
    void verifyWhenTruncatedOrPaddedOrEmptyThenMalformed() {
        byte[] valid = valid();
        for (int length = 0; length < valid.length; length++) {
            assertThat(verify(Arrays.copyOf(valid, length)).accepted()).isFalse();
        }
        byte[] padded = Arrays.copyOf(valid, valid.length + 1);
        assertThat(verify(padded).rejection()).isEqualTo(CredentialRejection.MALFORMED);
        assertThat(verify(new byte[0]).rejection()).isEqualTo(CredentialRejection.MALFORMED);
        assertThat(verify(null).rejection()).isEqualTo(CredentialRejection.MALFORMED);
        assertThat(verify(new byte[201]).rejection()).isEqualTo(CredentialRejection.MALFORMED);
    }

    /** The message with its protected header replaced; payload and signature kept. */
    private static byte[] rewrap(byte[] message, byte[] protectedHeaderBytes) {
        try {
            var tagged = (CBORTaggedItem) new com.authlete.cbor.CBORDecoder(message).next();
            var items = ((CBORItemList) tagged.getTagContent()).getItems();
            var list = new CBORItemList(new com.authlete.cose.COSEProtectedHeader(protectedHeaderBytes),
                    new COSEUnprotectedHeader(List.of()), (CBORByteArray) items.get(2), (CBORByteArray) items.get(3));
            return new CBORTaggedItem(18, list).encode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }
}
