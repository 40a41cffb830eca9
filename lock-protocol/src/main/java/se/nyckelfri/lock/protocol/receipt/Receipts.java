package se.nyckelfri.lock.protocol.receipt;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import se.nyckelfri.lock.protocol.cbor.CborMap;
import se.nyckelfri.lock.protocol.cose.CoseException;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.Sha256;
import se.nyckelfri.lock.protocol.cose.Es256Signer;

/**
 * Receipts: {@link ReceiptClaims} as a CBOR map (keys 1-8) in an ES256 COSE_Sign1 signed with the lock's own key,
 * its key id being the first 8 bytes of SHA-256 over the key's SubjectPublicKeyInfo. Anyone with the lock's public
 * key can verify one; the counter and the hash of the previous receipt make a missing receipt visible.
 * Stateless and thread-safe.
 */
public final class Receipts {

    /** Hash of "the receipt before the first": 32 zero bytes (a fresh copy: the chain's anchor must not be shared). */
    public static byte[] genesisHash() {
        return new byte[32];
    }

    private Receipts() {
    }

    public static byte[] sign(ReceiptClaims claims, byte[] lockKid, Es256Signer lockKey) {
        byte[] payload = CborMap.builder()
                .put(1, claims.lockId())
                .put(2, claims.counter())
                .put(3, claims.previousHash())
                .put(4, claims.credentialId())
                .put(5, claims.outcome().code())
                .put(6, claims.reason())
                .put(7, claims.lockClock().getEpochSecond())
                .put(8, claims.batteryPercent())
                .encode();
        return CoseSign1.sign(lockKid, payload, lockKey);
    }

    /**
     * Verifies {@code receipt} against the lock's registered public key.
     *
     * @throws ReceiptException when it is malformed, not signed by that key, or not about that key's lock
     */
    public static ReceiptClaims verify(byte[] receipt, PublicKey lockKey) throws ReceiptException {
        byte[] expectedKid = keyId(lockKey);
        CoseSign1.Verified verified;
        try {
            verified = CoseSign1.verify(receipt, kid -> Arrays.equals(kid, expectedKid) ? lockKey : null);
        } catch (CoseException e) {
            throw new ReceiptException("receipt refused: " + e.rejection());
        }
        try {
            CborMap map = CborMap.decode(verified.payload());
            if (map.size() != 8) {
                throw new ReceiptException("receipt has unexpected claims");
            }
            return new ReceiptClaims(map.uuid(1), map.unsigned(2, Long.MAX_VALUE), map.bytes(3, 32),
                    map.optionalBytes(4, 16).orElseThrow(() -> new ReceiptException("receipt lacks credential id")),
                    ReceiptClaims.Outcome.of(map.unsigned(5, 100)), (int) map.unsigned(6, 1 << 16),
                    Instant.ofEpochSecond(map.unsigned(7, 1L << 40)), (int) map.unsigned(8, 100));
        } catch (CborMap.MalformedException | IllegalArgumentException e) {
            throw new ReceiptException("receipt payload malformed");
        }
    }

    /**
     * The counter a receipt claims, read WITHOUT verifying its signature: for a gateway to file receipts in order.
     * Never base a decision on it; the backend verifies every receipt against the lock's registered key.
     *
     * @return the counter, or -1 when it cannot be read
     */
    public static long unverifiedCounter(byte[] receipt) {
        try {
            var tagged = (com.authlete.cbor.CBORTaggedItem) new com.authlete.cbor.CBORDecoder(receipt).next();
            var items = ((com.authlete.cbor.CBORItemList) tagged.getTagContent()).getItems();
            byte[] payload = ((com.authlete.cbor.CBORByteArray) items.get(2)).getValue();
            return CborMap.decode(payload).unsigned(2, Long.MAX_VALUE);
        } catch (Exception e) {
            return -1;
        }
    }

    /** SHA-256 of a receipt's bytes: what the next receipt names as its previous. */
    public static byte[] hash(byte[] receipt) {
        return Sha256.of(receipt);
    }

    /** A P-256 key's id: the first 8 bytes of SHA-256 over its SubjectPublicKeyInfo. */
    public static byte[] keyId(PublicKey key) {
        return Arrays.copyOf(Sha256.of(key.getEncoded()), 8);
    }

    /** A receipt that cannot be trusted. */
    public static final class ReceiptException extends Exception {
        public ReceiptException(String message) {
            super(message);
        }
    }
}
