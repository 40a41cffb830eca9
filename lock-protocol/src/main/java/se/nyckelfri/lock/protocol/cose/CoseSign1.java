package se.nyckelfri.lock.protocol.cose;

import com.authlete.cbor.CBORByteArray;
import com.authlete.cbor.CBORDecoder;
import com.authlete.cbor.CBORItem;
import com.authlete.cbor.CBORItemList;
import com.authlete.cbor.CBORPairList;
import com.authlete.cbor.CBORTaggedItem;
import com.authlete.cose.COSEProtectedHeader;
import com.authlete.cose.COSEProtectedHeaderBuilder;
import com.authlete.cose.COSEUnprotectedHeader;
import com.authlete.cose.SigStructureBuilder;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * COSE_Sign1 with ES256, in exactly one shape: tag 18, protected header {@code {1: -7, 4: kid}}, empty unprotected
 * header, embedded payload, 64-byte signature. Verification pins ES256 whatever the message says, picks the key by
 * kid from the caller's trusted keys only, and refuses any other shape. Stateless and thread-safe.
 */
public final class CoseSign1 {

    /** COSE algorithm identifier of ES256. */
    public static final int ES256 = -7;
    private static final int TAG = 18;
    private static final int ALG = 1;
    private static final int KID = 4;
    private static final int SIGNATURE_BYTES = 64;
    /** The longest message read: a revocation list of a lock's full bound (credentials are at most 256 bytes). */
    private static final int MAX_MESSAGE = 12_288;

    private CoseSign1() {
    }

    /** A verified message: the key id it was signed with and its payload. */
    public record Verified(byte[] kid, byte[] payload) { }

    /** Encodes {@code payload} as a COSE_Sign1 signed by {@code signer} under key id {@code kid}. */
    public static byte[] sign(byte[] kid, byte[] payload, Es256Signer signer) {
        COSEProtectedHeader protectedHeader = new COSEProtectedHeaderBuilder().alg(ES256).kid(kid).build();
        byte[] toBeSigned = new SigStructureBuilder().signature1().bodyAttributes(protectedHeader).payload(payload)
                .build().encode();
        byte[] signature = signer.sign(toBeSigned);
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            throw new IllegalStateException("an ES256 signer must return 64 bytes r||s");
        }
        CBORItemList message = new CBORItemList(protectedHeader, new COSEUnprotectedHeader(List.of()),
                new CBORByteArray(payload), new CBORByteArray(signature));
        return new CBORTaggedItem(TAG, message).encode();
    }

    /** An in-process signer over a P-256 private key (see {@link Es256}). */
    public static Es256Signer signerFor(java.security.PrivateKey key) {
        return Es256.signer(key);
    }

    /**
     * Verifies {@code message} with the key {@code trustedKeys} returns for its kid ({@code null}: unknown).
     *
     * @throws CoseException with the reason, for anything that is not a valid message of the one accepted shape
     */
    public static Verified verify(byte[] message, Function<byte[], PublicKey> trustedKeys) throws CoseException {
        List<? extends CBORItem> items = structure(message);
        byte[] protectedBytes = bytes(items.get(0));
        Map<Object, Object> protectedHeader = headerMap(protectedBytes);
        Object alg = protectedHeader.get(ALG);
        if (!(alg instanceof Number number) || number.longValue() != ES256 || alg instanceof Double || alg instanceof Float) {
            throw new CoseException(CoseRejection.UNSUPPORTED_ALGORITHM, "only ES256 is accepted");
        }
        if (protectedHeader.size() != 2 || !(protectedHeader.get(KID) instanceof byte[] kid)) {
            throw new CoseException(CoseRejection.UNSUPPORTED_ALGORITHM, "protected header must be exactly {alg, kid}");
        }
        if (!(items.get(1) instanceof CBORPairList unprotected) || !unprotected.getPairs().isEmpty()) {
            throw new CoseException(CoseRejection.UNSUPPORTED_ALGORITHM, "unprotected header must be empty");
        }
        byte[] payload = bytes(items.get(2));
        byte[] signature = bytes(items.get(3));
        PublicKey key = trustedKeys.apply(kid.clone());
        if (key == null) {
            throw new CoseException(CoseRejection.UNKNOWN_KEY, "no trusted key with this key id");
        }
        if (signature.length != SIGNATURE_BYTES) {
            throw new CoseException(CoseRejection.BAD_SIGNATURE, "an ES256 signature has 64 bytes");
        }
        byte[] toBeSigned = new SigStructureBuilder().signature1()
                .bodyAttributes(new COSEProtectedHeader(protectedBytes)).payload(payload).build().encode();
        if (!Es256.verify(key, toBeSigned, signature)) {
            throw new CoseException(CoseRejection.BAD_SIGNATURE, "signature does not verify");
        }
        return new Verified(kid.clone(), payload);
    }

    private static List<? extends CBORItem> structure(byte[] message) throws CoseException {
        if (message == null || message.length == 0 || message.length > MAX_MESSAGE) {
            throw malformed("empty or too long");
        }
        CBORItem item = onlyItem(message, "trailing bytes after the message", "not decodable CBOR");
        if (!(item instanceof CBORTaggedItem tagged) || tagged.getTagNumber().longValue() != TAG
                || !(tagged.getTagContent() instanceof CBORItemList list) || list.getItems().size() != 4) {
            throw malformed("not a tagged COSE_Sign1 array of four");
        }
        return list.getItems();
    }

    private static Map<Object, Object> headerMap(byte[] protectedBytes) throws CoseException {
        CBORItem item = onlyItem(protectedBytes, "protected header is not one CBOR map", "protected header is not decodable");
        if (!(item instanceof CBORPairList pairs)) {
            throw malformed("protected header is not one CBOR map");
        }
        try {
            return pairs.parse();
        } catch (Exception | StackOverflowError e) {
            throw malformed("protected header is not decodable");
        }
    }

    /**
     * The one CBOR item {@code bytes} hold ({@code null} for none), refused as {@code trailing} when more follow it and
     * as {@code undecodable} when the decoder fails in any way, however deep the nesting.
     */
    private static CBORItem onlyItem(byte[] bytes, String trailing, String undecodable) throws CoseException {
        try {
            CBORDecoder decoder = new CBORDecoder(bytes);
            CBORItem item = decoder.next();
            if (decoder.next() != null) {
                throw malformed(trailing);
            }
            return item;
        } catch (CoseException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw malformed(undecodable);
        }
    }

    private static byte[] bytes(CBORItem item) throws CoseException {
        if (!(item instanceof CBORByteArray array)) {
            throw malformed("expected a byte string");
        }
        return array.getValue();
    }

    private static CoseException malformed(String why) {
        return new CoseException(CoseRejection.MALFORMED, why);
    }
}
