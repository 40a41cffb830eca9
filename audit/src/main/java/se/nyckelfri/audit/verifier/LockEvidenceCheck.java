package se.nyckelfri.audit.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import se.nyckelfri.audit.entry.Entry;
import se.nyckelfri.audit.entry.EntryCodec;
import se.nyckelfri.audit.entry.EntryException;
import se.nyckelfri.audit.merkle.Hashes;
import se.nyckelfri.audit.merkle.MerkleTree;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.tile.TileId;
import se.nyckelfri.audit.tile.TileNodes;

/**
 * Checks every receipt and credential of one lock in a period the way an outside auditor would, trusting nothing the
 * platform says about them: the lock's registered key against the {@code key_sha256} its registration entry
 * committed to; each receipt's ES256 signature by that key (COSE_Sign1, RFC 9052, read with this class's own CBOR
 * reader), its lock id, its counter following the one before without a gap, its link to the previous receipt's
 * SHA-256, and the {@code LOCK_RECEIPT} entry committing to its hash; each credential's ES256 signature by an issuer
 * key the issuer published ({@code /issuer/jwks-history.json}), its lock and id, and the {@code CREDENTIAL_ISSUED}
 * entry committing to its payload's hash. Every entry is read from the log's entry bundles and proven by an inclusion
 * proof computed from the hash tiles against the checkpoint the caller verified. Not thread-safe; one run per instance.
 */
public final class LockEvidenceCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");
    private static final int PAGE = 500;
    /** Receipt outcomes (lock protocol): an update taken, an update refused; their id field names the update. */
    private static final long UPDATED = 5;
    private static final long UPDATE_REFUSED = 6;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;
    private final LogSource log;
    private final Checkpoint checkpoint;
    private final Map<Long, byte[]> bundles = new HashMap<>();

    /** What was checked, and every problem found (none: everything holds). */
    public record Report(int receipts, long firstCounter, long lastCounter, int credentials, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * @param base       the platform's address, such as {@code http://localhost:8080}
     * @param token      an auditor's bearer token (evidence and entry bundles are for auditors)
     * @param checkpoint a checkpoint the caller verified with the log's (and witness's) keys
     */
    public LockEvidenceCheck(String base, String token, Checkpoint checkpoint) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.log = LogSource.http(this.base + "/api/v1/audit/log", token);
        this.checkpoint = checkpoint;
    }

    /** The locks with evidence in the period (a receipt, or an issued credential), as the platform lists them. */
    public List<UUID> locks(Instant from, Instant until) throws IOException {
        List<UUID> locks = new ArrayList<>();
        json("/api/v1/audit/evidence/locks?from=" + enc(from) + "&until=" + enc(until)).get("locks")
                .forEach(l -> locks.add(UUID.fromString(l.asText())));
        return locks;
    }

    public Report run(UUID lockId, Instant from, Instant until) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, ECPublicKeyParameters> issuerKeys = issuerKeys();
        List<JsonNode> receipts = new ArrayList<>();
        Map<String, JsonNode> credentials = new LinkedHashMap<>();
        JsonNode first = null;
        long after = 0;
        while (true) {
            JsonNode page = json("/api/v1/audit/evidence/locks/" + lockId + "?from=" + enc(from) + "&until=" + enc(until)
                    + "&afterCounter=" + after + "&limit=" + PAGE);
            first = first == null ? page : first;
            page.get("receipts").forEach(receipts::add);
            page.get("credentials").forEach(c -> credentials.putIfAbsent(c.get("credentialId").asText(), c));
            if (page.get("nextAfterCounter").isNull()) {
                break;
            }
            after = page.get("nextAfterCounter").asLong();
        }

        byte[] spki = Base64.getDecoder().decode(first.get("publicKey").asText());
        ECPublicKeyParameters lockKey;
        try {
            AsymmetricKeyParameter parsed = PublicKeyFactory.createKey(spki);
            lockKey = (ECPublicKeyParameters) parsed;
        } catch (IOException | ClassCastException e) {
            return new Report(0, 0, 0, 0, List.of("the lock's registered key is not an EC public key"));
        }
        Entry registration = entry(first.get("registrationIndex"), problems, "the lock's registration");
        if (registration != null && !("LOCK_REGISTERED".equals(registration.type())
                && lockId.toString().equals(registration.subjectId())
                && hex(sha256(spki)).equals(registration.attributes().get("key_sha256")))) {
            problems.add("the lock's key is not the one its LOCK_REGISTERED entry committed to");
        }

        for (JsonNode c : credentials.values()) {
            String problem = credentialProblem(lockId, c, issuerKeys, problems);
            if (problem != null) {
                problems.add("credential " + c.get("credentialId").asText() + ": " + problem);
            }
        }

        byte[] previous = null;
        Long previousCounter = null;
        for (JsonNode r : receipts) {
            long counter = r.get("counter").asLong();
            String what = "receipt " + counter;
            byte[] receipt = Base64.getDecoder().decode(r.get("receipt").asText());
            Sign1 cose = Sign1.parse(receipt);
            if (cose == null || !cose.verifiedBy(lockKey)) {
                problems.add(what + ": not signed by the lock's registered key");
                continue;
            }
            Map<Object, Object> claims = cose.claims();
            if (claims == null || !Arrays.equals(bytes(claims.get(1L)), uuid(lockId)) || !Long.valueOf(counter).equals(claims.get(2L))) {
                problems.add(what + ": names another lock or counter");
                continue;
            }
            if (previousCounter == null && counter > 1) {
                previous = single("/api/v1/audit/evidence/locks/" + lockId + "/receipts/" + (counter - 1));
                previousCounter = counter - 1;
                if (previous != null && (Sign1.parse(previous) == null || !Sign1.parse(previous).verifiedBy(lockKey))) {
                    problems.add("receipt " + (counter - 1) + ": not signed by the lock's registered key");
                }
            }
            if (previousCounter != null && counter != previousCounter + 1) {
                problems.add(what + ": follows receipt " + previousCounter + "; " + (counter - previousCounter - 1)
                        + " receipt(s) missing");
            }
            byte[] link = previous != null ? sha256(previous) : counter == 1 ? new byte[32] : null;
            if (link == null || !Arrays.equals(link, bytes(claims.get(3L)))) {
                problems.add(what + ": does not link to the receipt before it");
            }
            Entry entry = entry(r.get("auditIndex"), problems, what);
            if (entry != null && !("LOCK_RECEIPT".equals(entry.type()) && lockId.toString().equals(entry.subjectId())
                    && hex(sha256(receipt)).equals(entry.attributes().get("receipt_sha256"))
                    && Long.toString(counter).equals(entry.attributes().get("counter")))) {
                problems.add(what + ": its log entry does not commit to it");
            }
            byte[] credential = bytes(claims.get(4L));
            // An update the lock took or refused (outcome 5 or 6) names the update, not a credential.
            boolean update = Long.valueOf(UPDATED).equals(claims.get(5L)) || Long.valueOf(UPDATE_REFUSED).equals(claims.get(5L));
            if (!update && credential != null && credential.length > 0 && !credentials.containsKey(hex(credential))) {
                problems.add(what + ": names credential " + hex(credential) + ", which the issuer did not show");
            }
            previous = receipt;
            previousCounter = counter;
        }
        long firstCounter = receipts.isEmpty() ? 0 : receipts.get(0).get("counter").asLong();
        long lastCounter = receipts.isEmpty() ? 0 : receipts.get(receipts.size() - 1).get("counter").asLong();
        return new Report(receipts.size(), firstCounter, lastCounter, credentials.size(), problems);
    }

    private String credentialProblem(UUID lockId, JsonNode c, Map<String, ECPublicKeyParameters> issuerKeys,
                                     List<String> problems) throws IOException {
        byte[] credential = Base64.getDecoder().decode(c.get("credential").asText());
        Sign1 cose = Sign1.parse(credential);
        if (cose == null) {
            return "not a COSE_Sign1";
        }
        Map<Object, Object> header = Sign1.map(cose.protectedHeader());
        ECPublicKeyParameters key = header == null ? null : issuerKeys.get(hex(bytes(header.get(4L))));
        if (!Long.valueOf(-7).equals(header == null ? null : header.get(1L)) || key == null || !cose.verifiedBy(key)) {
            return "not signed ES256 by a key the issuer published";
        }
        Map<Object, Object> claims = cose.claims();
        if (claims == null || !Arrays.equals(bytes(claims.get(-65537L)), uuid(lockId))
                || !hex(bytes(claims.get(7L))).equals(c.get("credentialId").asText())) {
            return "names another lock or id";
        }
        if (credential.length > 256) {
            return credential.length + " bytes, more than a lock accepts";
        }
        Entry entry = entry(c.get("auditIndex"), problems, "credential " + c.get("credentialId").asText());
        if (entry != null && !("CREDENTIAL_ISSUED".equals(entry.type()) && lockId.toString().equals(entry.subjectId())
                && hex(sha256(cose.payload())).equals(entry.attributes().get("claims_sha256"))
                && c.get("credentialId").asText().equals(entry.attributes().get("credential"))
                && String.valueOf(claims.get(2L)).equals(entry.attributes().get("staff")))) {
            return "its log entry does not commit to it";
        }
        return null;
    }

    /** The entry at {@code index}, read from its bundle and proven included in the checkpoint; null and a problem if not. */
    private Entry entry(JsonNode index, List<String> problems, String what) throws IOException {
        if (index == null || index.isNull()) {
            problems.add(what + ": no log entry found for it");
            return null;
        }
        long i = index.asLong();
        if (i < 0 || i >= checkpoint.size()) {
            problems.add(what + ": its log entry " + i + " is not in the checkpoint yet (size " + checkpoint.size()
                    + "); check again after the next one");
            return null;
        }
        long bundleIndex = i / TileId.FULL;
        int width = (int) Math.min(TileId.FULL, checkpoint.size() - bundleIndex * TileId.FULL);
        byte[] bundle = bundles.get(bundleIndex);
        if (bundle == null) {
            bundle = log.tile(new TileId(TileId.ENTRIES, bundleIndex, width));
            bundles.put(bundleIndex, bundle);
        }
        ByteBuffer entries = ByteBuffer.wrap(bundle);
        byte[] entry = null;
        for (long at = bundleIndex * TileId.FULL; at <= i && entries.remaining() >= 2; at++) {
            entry = new byte[entries.getShort() & 0xffff];
            entries.get(entry);
        }
        if (entry == null) {
            problems.add(what + ": entry " + i + " is missing from its bundle");
            return null;
        }
        List<byte[]> proof = new MerkleTree(new TileNodes(tile -> {
            try {
                return log.tile(tile);
            } catch (IOException e) {
                throw new IllegalArgumentException("tile " + tile.path() + ": " + e.getMessage());
            }
        }, checkpoint.size())).inclusionProof(i, checkpoint.size());
        Proofs.Result included = Proofs.verifyInclusion(i, checkpoint.size(), Hashes.leaf(entry), proof, checkpoint.root());
        if (!included.ok()) {
            problems.add(what + ": entry " + i + " is not in the checkpoint's tree (" + included.reason() + ")");
            return null;
        }
        try {
            return EntryCodec.decode(entry);
        } catch (EntryException e) {
            problems.add(what + ": entry " + i + " does not decode: " + e.getMessage());
            return null;
        }
    }

    private Map<String, ECPublicKeyParameters> issuerKeys() throws IOException {
        Map<String, ECPublicKeyParameters> keys = new HashMap<>();
        ECDomainParameters domain = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
        for (JsonNode jwk : json("/issuer/jwks-history.json").get("keys")) {
            if ("EC".equals(jwk.path("kty").asText()) && "P-256".equals(jwk.path("crv").asText())) {
                Base64.Decoder b64 = Base64.getUrlDecoder();
                keys.put(jwk.get("kid").asText(), new ECPublicKeyParameters(P256.getCurve().createPoint(
                        new BigInteger(1, b64.decode(jwk.get("x").asText())), new BigInteger(1, b64.decode(jwk.get("y").asText()))),
                        domain));
            }
        }
        return keys;
    }

    private JsonNode json(String path) throws IOException {
        return JSON.readTree(get(path, true));
    }

    /** A single receipt, or null when there is none. */
    private byte[] single(String path) throws IOException {
        return get(path, false);
    }

    private byte[] get(String path, boolean required) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404 && !required) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String enc(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    private static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static byte[] bytes(Object o) {
        return o instanceof byte[] b ? b : null;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "" : HexFormat.of().formatHex(bytes);
    }

    /** A COSE_Sign1 (RFC 9052 section 4.2), checked over its Sig_structure (section 4.4) with ES256. */
    record Sign1(byte[] protectedHeader, byte[] payload, byte[] signature) {
        static Sign1 parse(byte[] message) {
            try {
                Object item = new Cbor(message).readAll();
                if (item instanceof List<?> items && items.size() == 4 && items.get(0) instanceof byte[] p
                        && items.get(2) instanceof byte[] payload && items.get(3) instanceof byte[] signature) {
                    return new Sign1(p, payload, signature);
                }
            } catch (RuntimeException e) {
                // not CBOR, or not this shape
            }
            return null;
        }

        Map<Object, Object> claims() {
            return map(payload);
        }

        @SuppressWarnings("unchecked")
        static Map<Object, Object> map(byte[] cbor) {
            try {
                return new Cbor(cbor).readAll() instanceof Map<?, ?> m ? (Map<Object, Object>) m : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        boolean verifiedBy(ECPublicKeyParameters key) {
            if (signature.length != 64) {
                return false;
            }
            Cbor.Writer structure = new Cbor.Writer();
            structure.head(4, 4);
            byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
            structure.head(3, context.length).raw(context);
            structure.head(2, protectedHeader.length).raw(protectedHeader);
            structure.head(2, 0);
            structure.head(2, payload.length).raw(payload);
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, key);
            return verifier.verifySignature(sha256(structure.bytes()), new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                    new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        }
    }
}
