package se.nyckelfri.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
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
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.testsupport.TestGrants;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.unlocking.GatewayCredentials;
import se.nyckelfri.access.unlocking.MqttGatewayFleetLink;
import se.nyckelfri.audit.merkle.Proofs;
import se.nyckelfri.audit.note.Checkpoint;
import se.nyckelfri.audit.note.NoteKey;
import se.nyckelfri.audit.note.SignedNote;
import se.nyckelfri.audit.store.MerkleAuditLog;
import se.nyckelfri.gateway.mqtt.GatewayRelay;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.lock.fixtures.bluetooth.BluetoothEmulator;
import se.nyckelfri.lock.fixtures.bluetooth.EmulatedLockService;
import se.nyckelfri.lock.fixtures.firmware.SimulatedLock;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.lock.protocol.receipt.ReceiptClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;
import se.nyckelfri.platform.broker.EmbeddedBroker;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.HomeGateways;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * An outside auditor checks openings down to the lock's own signature, with only public endpoints, published keys
 * and a COSE implementation of its own: CBOR read and the COSE Sig_structure built by hand from RFC 8949 and RFC 9052
 * section 4.4, the ES256 signature checked with BouncyCastle's ECDSA verifier, the log's entries decoded by hand from
 * the format docs/design/audit-log.md documents. Nothing of the platform's {@code CoseSign1}, {@code Receipts} or
 * {@code EntryCodec} verifies anything here (the platform's {@code Receipts.sign} only forges the bad receipt).
 */
@SuppressWarnings("unchecked")
class OutsideAuditorTest extends PlatformIntegrationTest {

    private static final Object GATEWAY_ADAPTER = BluetoothEmulator.newAdapter();
    private static final Actor ADMIN = new Actor("test-admin", "U-AUDITTEST", Role.ADMIN, Set.of(), null);

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    GrantService grants;
    @Autowired
    IssuerKeyRing issuerKeys;
    @Autowired
    GatewayCredentials gatewayCredentials;
    @Autowired
    EmbeddedBroker broker;
    @Autowired
    MqttGatewayFleetLink fleet;
    @Autowired
    MerkleAuditLog log;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    se.nyckelfri.access.lockupdate.LockUpdates lockUpdates;

    World world;
    SimulatedLock lock;
    EmulatedLockService onAir;
    GatewayRelay gateway;

    @BeforeEach
    void homeWithAGrantedStaffMember() throws Exception {
        world = worlds.create();
        TestWorlds.Home home = worlds.home(world.a(), "Revisorsgatan 1", kid -> issuerKeys.trusted(kid).orElse(null));
        lock = home.lock();
        HomeGateways.Online online = new HomeGateways(broker, gatewayCredentials, fleet).online(home, GATEWAY_ADAPTER, true);
        onAir = online.onAir();
        gateway = online.gateway();
        grants.grant(ADMIN, TestGrants.once(Instant.now().minusSeconds(60), Duration.ofHours(1)).to(world.a()).purpose("Visit").request());
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        onAir.close();
    }

    @Test
    void auditorWhenCheckingALocksOpeningsWithPublicKeysThenEverySignatureAndLinkHoldsAndTamperingIsFound() throws Exception {
        Instant from = Instant.now().minusSeconds(5);
        String staff = tokens.forSubject(world.a().staff());
        assertThat(unlock(staff).body().path("outcome").asText()).isEqualTo("OPENED");
        // New trust anchors pushed to every lock: the lock's receipt for an update names the update, not a credential.
        while (lockUpdates.publishTrustAnchors("U-AUDITTEST") <= 1) {
            // version 1 is what locks are commissioned with and is not pushed
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM lock_receipt WHERE lock_id = ? AND outcome IN ('UPDATED', 'UPDATE_REFUSED')""",
                Long.class, lock.lockId()) > 0);
        assertThat(api.post("/api/v1/relocks", staff, Map.of("lockId", lock.lockId())).body().path("outcome").asText())
                .isEqualTo("RELOCKED");
        assertThat(unlock(staff).body().path("outcome").asText()).isEqualTo("OPENED");
        log.awaitCheckpoint(Duration.ofSeconds(10));
        Instant until = Instant.now().plusSeconds(5);

        String auditor = tokens.forSubject(world.auditor());
        JsonNode evidence = json(get("/api/v1/audit/evidence/locks/" + lock.lockId() + "?from=" + enc(from) + "&until=" + enc(until), auditor));
        // Ours, and whatever else the lock signed meanwhile (an update pushed by another test: its receipt names it)
        assertThat(evidence.get("receipts").size()).isGreaterThanOrEqualTo(4);
        assertThat(evidence.get("credentials").size()).isGreaterThanOrEqualTo(2);
        Auditor outsider = new Auditor(auditor);

        assertThat(outsider.problems(lock.lockId(), evidence)).as("the untouched evidence").isEmpty();

        // One pseudonym per person: the credentials' subject and their issuance entries' actor are the pseudonym the
        // manager's page shows for the staff member who opened, so a search by it finds these openings.
        String shown = api.get("/api/v1/staff/" + world.a().staffId(), tokens.forSubject(world.a().manager()))
                .body().get("pseudonym").asText();
        for (JsonNode c : evidence.get("credentials")) {
            Sign1 cose = Sign1.parse(Base64.getDecoder().decode(c.get("credential").asText()));
            @SuppressWarnings("unchecked")
            Map<Object, Object> issued = (Map<Object, Object>) new Cbor(cose.payload()).read();
            assertThat(issued.get(2L)).as("the credential's sub").isEqualTo(shown);
            assertThat(outsider.provenEntry(c.get("auditIndex").asLong()).actor()).as("the issuance entry's actor").isEqualTo(shown);
        }

        JsonNode middle = evidence.get("receipts").get(1);
        long counter = middle.get("counter").asLong();
        // A receipt altered after the lock signed it: one bit of its payload.
        ObjectNode tampered = evidence.deepCopy();
        byte[] bytes = Base64.getDecoder().decode(middle.get("receipt").asText());
        bytes[bytes.length - 70] ^= 1;
        ((ObjectNode) tampered.get("receipts").get(1)).put("receipt", Base64.getEncoder().encodeToString(bytes));
        assertThat(outsider.problems(lock.lockId(), tampered))
                .anyMatch(p -> p.startsWith("receipt " + counter + ": not signed by the lock's registered key"));

        // A receipt with the very claims of the real one, signed by another lock's key.
        ObjectNode forged = evidence.deepCopy();
        byte[] real = Base64.getDecoder().decode(middle.get("receipt").asText());
        ReceiptClaims claims = Receipts.verify(real, java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(evidence.get("publicKey").asText()))));
        KeyPair other = P256.generate();
        byte[] foreign = Receipts.sign(claims, Receipts.keyId(other.getPublic()), CoseSign1.signerFor(other.getPrivate()));
        ((ObjectNode) forged.get("receipts").get(1)).put("receipt", Base64.getEncoder().encodeToString(foreign));
        assertThat(outsider.problems(lock.lockId(), forged))
                .anyMatch(p -> p.startsWith("receipt " + counter + ": not signed by the lock's registered key"));

        // A receipt left out: the counter skips and the next receipt's link names one the auditor was not shown.
        ObjectNode dropped = evidence.deepCopy();
        ((ArrayNode) dropped.get("receipts")).remove(1);
        assertThat(outsider.problems(lock.lockId(), dropped)).contains(
                "receipt " + (counter + 1) + ": counter follows " + (counter - 1) + ", 1 receipt(s) missing",
                "receipt " + (counter + 1) + ": does not link to the receipt before it");

        // The raw evidence is served one by one too, exactly as in the page.
        assertThat(getBytes("/api/v1/audit/evidence/locks/" + lock.lockId() + "/receipts/" + counter, auditor)).isEqualTo(real);
        String credentialId = evidence.get("credentials").get(0).get("credentialId").asText();
        assertThat(getBytes("/api/v1/audit/evidence/credentials/" + credentialId, auditor))
                .isEqualTo(Base64.getDecoder().decode(evidence.get("credentials").get(0).get("credential").asText()));
        // ... and only to auditors: the staff member who opened may not read it.
        assertThat(http.send(request("/api/v1/audit/evidence/credentials/" + credentialId, staff).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(403);
    }

    /**
     * The verifier CLI's {@code verify-lock}: all of a lock's receipts and credentials in a period checked against
     * public keys and the log; after a receipt is removed from the platform's records, it names the gap.
     */
    @Test
    void verifierWhenCheckingALockThenOkAndWhenAReceiptIsGoneThenFailsNamingIt() throws Exception {
        Instant from = Instant.now().minusSeconds(5);
        String staff = tokens.forSubject(world.a().staff());
        for (int i = 0; i < 2; i++) {
            assertThat(unlock(staff).body().path("outcome").asText()).isEqualTo("OPENED");
            assertThat(api.post("/api/v1/relocks", staff, Map.of("lockId", lock.lockId())).body().path("outcome").asText())
                    .isEqualTo("RELOCKED");
        }
        log.awaitCheckpoint(Duration.ofSeconds(10));
        String[] keys = new String(getBytes("/api/v1/audit/log/keys", null), StandardCharsets.UTF_8).split("\n");
        String[] args = {"verify-lock", "--api", "http://localhost:" + port, "--token", tokens.forSubject(world.auditor()),
                "--lock", lock.lockId().toString(), "--from", from.toString(), "--until", Instant.now().plusSeconds(5).toString(),
                "--log-key", keys[0], "--witness-key", keys[1]};

        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = se.nyckelfri.audit.verifier.AuditVerifier.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        assertThat(cli.execute(args)).as(out.toString()).isZero();
        assertThat(out.toString()).containsPattern("OK: lock " + lock.lockId() + ": ([4-9]|\\d\\d) receipt\\(s\\) \\(counters 1-\\d+\\)")
                .containsPattern("[2-9] credential\\(s\\)")
                .doesNotContain("\u001b").containsPattern("cosigned by .* at 20\\d\\d-\\d\\d-\\d\\dT");

        // Every lock with evidence in the period: this test's lock among them.
        java.io.StringWriter everyLock = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(everyLock));
        String[] withoutLock = java.util.stream.Stream.of(args).filter(a -> !a.equals("--lock") && !a.equals(lock.lockId().toString()))
                .toArray(String[]::new);
        assertThat(cli.execute(withoutLock)).as(everyLock.toString()).isZero();
        assertThat(everyLock.toString()).contains("OK: lock " + lock.lockId() + ": ").containsPattern("OK: all \\d+ lock\\(s\\)");

        jdbc.update("DELETE FROM lock_receipt WHERE lock_id = ? AND counter = 2", lock.lockId());
        java.io.StringWriter afterDrop = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(afterDrop));
        assertThat(cli.execute(args)).as(afterDrop.toString()).isEqualTo(1);
        assertThat(afterDrop.toString()).contains("FAILED: lock " + lock.lockId() + ": receipt 3: follows receipt 1; 1 receipt(s) missing",
                "FAILED: lock " + lock.lockId() + ": receipt 3: does not link to the receipt before it", "FAILED: 1 of 1 lock(s)");
    }

    /** The outside auditor: what it knows comes from the public endpoints, checked with its own code. */
    private final class Auditor {
        private final String token;
        private final List<NoteKey> logKeys;
        private final Map<String, ECPublicKeyParameters> issuerKeys = new HashMap<>();

        Auditor(String token) throws Exception {
            this.token = token;
            logKeys = Arrays.stream(new String(getBytes("/api/v1/audit/log/keys", null), StandardCharsets.UTF_8).split("\n"))
                    .map(NoteKey::parse).toList();
            for (JWK key : JWKSet.parse(new String(getBytes("/issuer/jwks-history.json", null), StandardCharsets.UTF_8)).getKeys()) {
                issuerKeys.put(key.getKeyID(), (ECPublicKeyParameters) PublicKeyFactory.createKey(((ECKey) key).toECPublicKey().getEncoded()));
            }
        }

        List<String> problems(UUID lockId, JsonNode evidence) throws Exception {
            List<String> problems = new ArrayList<>();
            byte[] spki = Base64.getDecoder().decode(evidence.get("publicKey").asText());
            Map<String, String> registration = provenEntry(evidence.get("registrationIndex").asLong()).attributes;
            if (!hex(sha256(spki)).equals(registration.get("key_sha256"))) {
                problems.add("the lock's key is not the one its registration recorded");
            }
            ECPublicKeyParameters lockKey = (ECPublicKeyParameters) PublicKeyFactory.createKey(spki);

            Map<String, JsonNode> credentials = new HashMap<>();
            for (JsonNode c : evidence.get("credentials")) {
                credentials.put(c.get("credentialId").asText(), c);
                String problem = credentialProblem(lockId, c);
                if (problem != null) {
                    problems.add("credential " + c.get("credentialId").asText() + ": " + problem);
                }
            }

            Long previousCounter = null;
            byte[] previousReceipt = null;
            for (JsonNode r : evidence.get("receipts")) {
                long counter = r.get("counter").asLong();
                byte[] receipt = Base64.getDecoder().decode(r.get("receipt").asText());
                Sign1 cose = Sign1.parse(receipt);
                if (cose == null || !cose.verifiedBy(lockKey)) {
                    problems.add("receipt " + counter + ": not signed by the lock's registered key");
                    continue;
                }
                Map<Object, Object> claims = (Map<Object, Object>) new Cbor(cose.payload).read();
                if (!Arrays.equals((byte[]) claims.get(1L), uuidBytes(lockId)) || !Long.valueOf(counter).equals(claims.get(2L))) {
                    problems.add("receipt " + counter + ": names another lock or counter");
                }
                if (previousCounter != null && counter != previousCounter + 1) {
                    problems.add("receipt " + counter + ": counter follows " + previousCounter + ", "
                            + (counter - previousCounter - 1) + " receipt(s) missing");
                }
                byte[] expectedLink = previousReceipt != null ? sha256(previousReceipt) : counter == 1 ? new byte[32] : null;
                if (expectedLink != null && !Arrays.equals(expectedLink, (byte[]) claims.get(3L))) {
                    problems.add("receipt " + counter + ": does not link to the receipt before it");
                }
                Entry entry = provenEntry(r.get("auditIndex").asLong());
                if (!entry.type.equals("LOCK_RECEIPT") || !entry.subjectId.equals(lockId.toString())
                        || !hex(sha256(receipt)).equals(entry.attributes.get("receipt_sha256"))
                        || !Long.toString(counter).equals(entry.attributes.get("counter"))) {
                    problems.add("receipt " + counter + ": the log does not commit to it");
                }
                byte[] credentialId = (byte[]) claims.get(4L);
                boolean update = Long.valueOf(5).equals(claims.get(5L)) || Long.valueOf(6).equals(claims.get(5L)); // names an update
                if (!update && credentialId.length > 0 && !credentials.containsKey(hex(credentialId))) {
                    problems.add("receipt " + counter + ": names a credential that was not shown");
                }
                previousCounter = counter;
                previousReceipt = receipt;
            }
            return problems;
        }

        private String credentialProblem(UUID lockId, JsonNode c) throws Exception {
            byte[] credential = Base64.getDecoder().decode(c.get("credential").asText());
            Sign1 cose = Sign1.parse(credential);
            if (cose == null) {
                return "not a COSE_Sign1";
            }
            Map<Object, Object> header = (Map<Object, Object>) new Cbor(cose.protectedHeader).read();
            ECPublicKeyParameters key = issuerKeys.get(hex((byte[]) header.get(4L)));
            if (!Long.valueOf(-7).equals(header.get(1L)) || key == null || !cose.verifiedBy(key)) {
                return "not signed ES256 by a published issuer key";
            }
            Map<Object, Object> claims = (Map<Object, Object>) new Cbor(cose.payload).read();
            if (!Arrays.equals((byte[]) claims.get(-65537L), uuidBytes(lockId)) || !hex((byte[]) claims.get(7L)).equals(c.get("credentialId").asText())) {
                return "names another lock or id";
            }
            if (credential.length > 256) {
                return credential.length + " bytes";
            }
            Entry entry = provenEntry(c.get("auditIndex").asLong());
            if (!entry.type.equals("CREDENTIAL_ISSUED") || !hex(sha256(cose.payload)).equals(entry.attributes.get("claims_sha256"))
                    || !c.get("credentialId").asText().equals(entry.attributes.get("credential"))
                    || !String.valueOf(claims.get(2L)).equals(entry.attributes.get("staff"))) {
                return "the log does not commit to it";
            }
            return null;
        }

        /** The entry at {@code index}, from a tlog-proof bundle whose inclusion in a cosigned checkpoint holds. */
        private Entry provenEntry(long index) throws Exception {
            String bundle = new String(getBytes("/api/v1/audit/log/entries/" + index + "/tlog-proof", token), StandardCharsets.UTF_8);
            String[] lines = bundle.substring(0, bundle.indexOf("\n\n")).split("\n");
            byte[] entry = Base64.getDecoder().decode(lines[1].substring("extra ".length()));
            List<byte[]> proof = new ArrayList<>();
            for (int i = 3; i < lines.length; i++) {
                proof.add(Base64.getDecoder().decode(lines[i]));
            }
            SignedNote note = SignedNote.parse(bundle.substring(bundle.indexOf("\n\n") + 2));
            assertThat(note.verify(logKeys)).as("log and witness signed the checkpoint").hasSize(2);
            Checkpoint checkpoint = Checkpoint.parse(note.text());
            byte[] leaf = sha256(concat(new byte[] {0}, entry));
            assertThat(Proofs.verifyInclusion(index, checkpoint.size(), leaf, proof, checkpoint.root()).ok()).isTrue();
            return Entry.decode(entry);
        }
    }

    /** A log entry, decoded from the documented version-1 layout (docs/design/audit-log.md, "Entries"). */
    private record Entry(String type, String actor, String subjectKind, String subjectId, Map<String, String> attributes) {
        static Entry decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            assertThat(in.get()).isEqualTo((byte) 1);
            in.getLong();
            String type = str(in);
            String actor = str(in);
            String kind = str(in);
            String subject = str(in);
            str(in);
            str(in);
            in.getLong();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int n = in.getShort() & 0xffff; n > 0; n--) {
                String key = str(in);
                if (in.get() == 1) {
                    byte[] raw = new byte[in.getShort() & 0xffff];
                    in.get(raw);
                    attributes.put(key, HexFormat.of().formatHex(raw));
                } else {
                    attributes.put(key, str(in));
                }
            }
            return new Entry(type, actor, kind, subject, attributes);
        }

        private static String str(ByteBuffer in) {
            byte[] s = new byte[in.getShort() & 0xffff];
            in.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }
    }

    /** COSE_Sign1 (RFC 9052 section 4.2), and its signature checked over a Sig_structure built by hand (section 4.4). */
    private record Sign1(byte[] protectedHeader, byte[] payload, byte[] signature) {
        static Sign1 parse(byte[] message) {
            try {
                List<Object> items = (List<Object>) new Cbor(message).read();
                return new Sign1((byte[]) items.get(0), (byte[]) items.get(2), (byte[]) items.get(3));
            } catch (RuntimeException e) {
                return null;
            }
        }

        boolean verifiedBy(ECPublicKeyParameters key) throws Exception {
            ByteArrayOutputStream sigStructure = new ByteArrayOutputStream();
            sigStructure.write(0x84); // array of 4
            byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
            head(sigStructure, 3, context.length);
            sigStructure.write(context);
            head(sigStructure, 2, protectedHeader.length);
            sigStructure.write(protectedHeader);
            sigStructure.write(0x40); // external_aad: empty byte string
            head(sigStructure, 2, payload.length);
            sigStructure.write(payload);
            if (signature.length != 64) {
                return false;
            }
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, key);
            return verifier.verifySignature(sha256(sigStructure.toByteArray()),
                    new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)), new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        }

        private static void head(ByteArrayOutputStream out, int major, int length) {
            if (length < 24) {
                out.write(major << 5 | length);
            } else if (length < 256) {
                out.write(major << 5 | 24);
                out.write(length);
            } else {
                out.write(major << 5 | 25);
                out.write(length >>> 8);
                out.write(length & 0xff);
            }
        }
    }

    /** Just enough of RFC 8949 to read COSE and CWT: integers, byte and text strings, arrays, maps, tags, simple values. */
    private static final class Cbor {
        private final byte[] bytes;
        private int at;

        Cbor(byte[] bytes) {
            this.bytes = bytes;
        }

        Object read() {
            int initial = bytes[at++] & 0xff;
            int major = initial >>> 5;
            int info = initial & 31;
            if (major == 7) {
                return switch (info) {
                    case 20 -> false;
                    case 21 -> true;
                    case 22 -> null;
                    default -> throw new IllegalArgumentException("simple value " + info);
                };
            }
            long argument = argument(info);
            switch (major) {
                case 0:
                    return argument;
                case 1:
                    return -1 - argument;
                case 2:
                    return take((int) argument);
                case 3:
                    return new String(take((int) argument), StandardCharsets.UTF_8);
                case 4: {
                    List<Object> items = new ArrayList<>();
                    for (long i = 0; i < argument; i++) {
                        items.add(read());
                    }
                    return items;
                }
                case 5: {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (long i = 0; i < argument; i++) {
                        map.put(read(), read());
                    }
                    return map;
                }
                default: // 6: a tag (COSE_Sign1's 18, if present) around the item
                    return read();
            }
        }

        private long argument(int info) {
            if (info < 24) {
                return info;
            }
            int length = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new IllegalArgumentException("indefinite or reserved length " + info);
            };
            long value = 0;
            for (int i = 0; i < length; i++) {
                value = value << 8 | (bytes[at++] & 0xff);
            }
            return value;
        }

        private byte[] take(int length) {
            byte[] out = Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return out;
        }
    }

    private Response unlock(String token) {
        return api.postWithHeader("/api/v1/unlocks", token, "Idempotency-Key", "key-" + UUID.randomUUID(), Map.of("lockId", lock.lockId()));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private byte[] getBytes(String path, String token) throws Exception {
        HttpResponse<byte[]> response = http.send(request(path, token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path + ": " + new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }

    private byte[] get(String path, String token) throws Exception {
        return getBytes(path, token);
    }

    private static JsonNode json(byte[] body) throws Exception {
        return se.nyckelfri.platform.testsupport.Api.JSON.readTree(body);
    }

    private static String enc(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    private static byte[] uuidBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
