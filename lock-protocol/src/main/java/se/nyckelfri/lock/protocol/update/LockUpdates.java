package se.nyckelfri.lock.protocol.update;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import se.nyckelfri.lock.protocol.cbor.CborMap;
import se.nyckelfri.lock.protocol.cose.CoseException;
import se.nyckelfri.lock.protocol.cose.CoseSign1;
import se.nyckelfri.lock.protocol.cose.Es256Signer;
import se.nyckelfri.lock.protocol.cose.P256;
import se.nyckelfri.lock.protocol.cose.Sha256;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * The three updates a lock accepts, each a COSE_Sign1 (ES256) over a CBOR map whose key 1 names its kind:
 * <ul>
 * <li><b>revocation list</b> (kind 1), signed by an issuer key the lock trusts: {@code 2} version (strictly
 * increasing), {@code 3} issued at, {@code 4} floor (offline credentials issued before it are refused; 0: none),
 * {@code 5} entries, each a 21-byte string {@code kind (1) ‖ id (16) ‖ forget after (4, seconds)}: a credential id,
 * a device key id ({@link P256#deviceKeyId}) or a grant id. The whole list every time, not a difference: a lock that
 * missed versions needs only the newest. At most {@link #MAX_REVOCATIONS} entries;</li>
 * <li><b>trust anchors</b> (kind 2), signed by the trust root the lock got at commissioning and nothing else:
 * {@code 2} version, {@code 3} issued at, {@code 4} the issuer keys to trust (compressed points, 1 to
 * {@link #MAX_ISSUER_KEYS});</li>
 * <li><b>time</b> (kind 3), signed by a trusted issuer key: {@code 2} lock id, {@code 3} the time, {@code 4} one of
 * the lock's outstanding challenges, so an old time update cannot be played back to turn its clock.</li>
 * </ul>
 * Stateless and thread-safe; what the lock holds and compares (versions, challenges) is the lock's.
 */
public final class LockUpdates {

    /** The most revocation entries a lock keeps (about 11 KB of update). */
    public static final int MAX_REVOCATIONS = 512;
    /** The most issuer keys a lock trusts at once: the current key and those being rotated in or out. */
    public static final int MAX_ISSUER_KEYS = 4;
    /** The largest update a lock reads. */
    public static final int MAX_BYTES = 12_288;
    static final int KIND = 1;
    static final int REVOCATIONS = 1;
    static final int TRUST_ANCHORS = 2;
    static final int TIME = 3;
    private static final int ENTRY_BYTES = 21;

    private LockUpdates() {
    }

    /** What a revocation entry names. */
    public enum RevocationKind {
        CREDENTIAL(1), DEVICE_KEY(2), GRANT(3);

        private final int code;

        RevocationKind(int code) {
            this.code = code;
        }

        static RevocationKind of(int code) {
            for (RevocationKind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("revocation kind " + code);
        }
    }

    /** One revoked thing, forgettable once every credential it could concern has expired. */
    public record Revocation(RevocationKind kind, byte[] id, Instant forgetAfter) {
        public Revocation {
            Objects.requireNonNull(kind);
            if (id.length != 16 || forgetAfter.getEpochSecond() < 0 || forgetAfter.getEpochSecond() > CredentialClaims.MAX_EPOCH_SECOND) {
                throw new IllegalArgumentException("a revocation names 16 bytes and a time within 1970-2106");
            }
            id = id.clone();
            forgetAfter = Instant.ofEpochSecond(forgetAfter.getEpochSecond());
        }

        public static Revocation of(RevocationKind kind, UUID id, Instant forgetAfter) {
            return new Revocation(kind, CborMap.uuidBytes(id), forgetAfter);
        }

        @Override
        public byte[] id() {
            return id.clone();
        }

        /** Whether this entry refuses something named {@code id} of {@code kind}. */
        public boolean names(RevocationKind kind, byte[] id) {
            return this.kind == kind && Arrays.equals(this.id, id);
        }

        byte[] encode() {
            return ByteBuffer.allocate(ENTRY_BYTES).put((byte) kind.code).put(id).putInt((int) forgetAfter.getEpochSecond()).array();
        }

        static Revocation decode(byte[] entry) {
            ByteBuffer b = ByteBuffer.wrap(entry);
            RevocationKind kind = RevocationKind.of(b.get());
            byte[] id = new byte[16];
            b.get(id);
            return new Revocation(kind, id, Instant.ofEpochSecond(Integer.toUnsignedLong(b.getInt())));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Revocation r && r.kind == kind && Arrays.equals(r.id, id) && r.forgetAfter.equals(forgetAfter);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, Arrays.hashCode(id), forgetAfter);
        }
    }

    /** A revocation list; {@code floor} is {@code null} when it refuses nothing wholesale. */
    public record RevocationList(long version, Instant issuedAt, Instant floor, List<Revocation> entries) {
        public RevocationList {
            if (version < 1 || entries.size() > MAX_REVOCATIONS) {
                throw new IllegalArgumentException("version from 1, at most " + MAX_REVOCATIONS + " entries");
            }
            issuedAt = Instant.ofEpochSecond(issuedAt.getEpochSecond());
            floor = floor == null ? null : Instant.ofEpochSecond(floor.getEpochSecond());
            entries = List.copyOf(entries);
        }
    }

    /** The issuer keys a lock trusts, as compressed points. */
    public record TrustAnchors(long version, Instant issuedAt, List<byte[]> issuerKeys) {
        public TrustAnchors {
            if (version < 1 || issuerKeys.isEmpty() || issuerKeys.size() > MAX_ISSUER_KEYS) {
                throw new IllegalArgumentException("version from 1, 1 to " + MAX_ISSUER_KEYS + " issuer keys");
            }
            issuedAt = Instant.ofEpochSecond(issuedAt.getEpochSecond());
            issuerKeys = issuerKeys.stream().map(byte[]::clone).toList();
        }

        @Override
        public List<byte[]> issuerKeys() {
            return issuerKeys.stream().map(byte[]::clone).toList();
        }
    }

    /** A signed time for one lock, answering its challenge. */
    public record TimeUpdate(UUID lockId, Instant time, byte[] nonce) {
        public TimeUpdate {
            if (nonce.length != CredentialClaims.NONCE_BYTES) {
                throw new IllegalArgumentException("nonce is 16 bytes");
            }
            time = Instant.ofEpochSecond(time.getEpochSecond());
            nonce = nonce.clone();
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }
    }

    /** An update checked: what it says, or why not. */
    public record Checked<T>(T update, UpdateRejection rejection) {
        static <T> Checked<T> refused(UpdateRejection rejection) {
            return new Checked<>(null, rejection);
        }

        public boolean accepted() {
            return rejection == null;
        }
    }

    public static byte[] sign(RevocationList list, byte[] kid, Es256Signer issuer) {
        return CoseSign1.sign(kid, CborMap.builder().put(KIND, REVOCATIONS).put(2, list.version())
                .put(3, list.issuedAt().getEpochSecond()).put(4, list.floor() == null ? 0 : list.floor().getEpochSecond())
                .put(5, list.entries().stream().map(Revocation::encode).toList()).encode(), issuer);
    }

    public static byte[] sign(TrustAnchors anchors, byte[] rootKid, Es256Signer root) {
        return CoseSign1.sign(rootKid, CborMap.builder().put(KIND, TRUST_ANCHORS).put(2, anchors.version())
                .put(3, anchors.issuedAt().getEpochSecond()).put(4, anchors.issuerKeys()).encode(), root);
    }

    public static byte[] sign(TimeUpdate time, byte[] kid, Es256Signer issuer) {
        return CoseSign1.sign(kid, CborMap.builder().put(KIND, TIME).put(2, time.lockId())
                .put(3, time.time().getEpochSecond()).put(4, time.nonce()).encode(), issuer);
    }

    /** A revocation list signed by one of {@code issuerKeys}. */
    public static Checked<RevocationList> revocations(byte[] update, Function<byte[], PublicKey> issuerKeys) {
        return check(update, issuerKeys, false, REVOCATIONS, 5, m -> {
            List<Revocation> entries = new ArrayList<>();
            for (byte[] entry : m.byteList(5, MAX_REVOCATIONS + 1, ENTRY_BYTES)) {
                if (entry.length != ENTRY_BYTES) {
                    throw new CborMap.MalformedException("entry of " + entry.length + " bytes");
                }
                entries.add(Revocation.decode(entry));
            }
            if (entries.size() > MAX_REVOCATIONS) {
                return null;
            }
            long floor = m.unsigned(4, CredentialClaims.MAX_EPOCH_SECOND);
            return new RevocationList(m.unsigned(2, Long.MAX_VALUE), epoch(m, 3), floor == 0 ? null : Instant.ofEpochSecond(floor), entries);
        });
    }

    /** Trust anchors signed by {@code root}, the lock's trust root, and by nothing else. */
    public static Checked<TrustAnchors> trustAnchors(byte[] update, PublicKey root) {
        byte[] rootKid = Receipts.keyId(root);
        return check(update, kid -> Arrays.equals(kid, rootKid) ? root : null, true, TRUST_ANCHORS, 4, m -> {
            List<byte[]> keys = m.byteList(4, MAX_ISSUER_KEYS, P256.COMPRESSED);
            for (byte[] key : keys) {
                P256.decompress(key); // each a point on the curve, or IllegalArgumentException
            }
            return new TrustAnchors(m.unsigned(2, Long.MAX_VALUE), epoch(m, 3), keys);
        });
    }

    /** A time update signed by one of {@code issuerKeys}. */
    public static Checked<TimeUpdate> time(byte[] update, Function<byte[], PublicKey> issuerKeys) {
        return check(update, issuerKeys, false, TIME, 4, m -> new TimeUpdate(m.uuid(2), epoch(m, 3),
                m.bytes(4, CredentialClaims.NONCE_BYTES)));
    }

    /** The id a receipt gives an update: the first 16 bytes of its SHA-256. */
    public static byte[] updateId(byte[] update) {
        return Arrays.copyOf(Sha256.of(update), 16);
    }

    private interface Reader<T> {
        /** The update, or {@code null} when it has more entries than a lock keeps. */
        T read(CborMap map) throws CborMap.MalformedException;
    }

    private static <T> Checked<T> check(byte[] update, Function<byte[], PublicKey> keys, boolean rootOnly, int kind,
                                        int fields, Reader<T> reader) {
        if (update == null || update.length > MAX_BYTES) {
            return Checked.refused(UpdateRejection.MALFORMED);
        }
        CoseSign1.Verified verified;
        try {
            verified = CoseSign1.verify(update, keys);
        } catch (CoseException e) {
            return Checked.refused(switch (e.rejection()) {
                case MALFORMED -> UpdateRejection.MALFORMED;
                case UNSUPPORTED_ALGORITHM -> UpdateRejection.UNSUPPORTED_ALGORITHM;
                case UNKNOWN_KEY -> rootOnly ? UpdateRejection.NOT_SIGNED_BY_ROOT : UpdateRejection.UNKNOWN_SIGNER;
                case BAD_SIGNATURE -> UpdateRejection.BAD_SIGNATURE;
            });
        }
        try {
            CborMap map = CborMap.decode(verified.payload());
            if (map.size() != fields || map.unsigned(KIND, 255) != kind) {
                return Checked.refused(UpdateRejection.MALFORMED);
            }
            T read = reader.read(map);
            return read == null ? Checked.refused(UpdateRejection.TOO_MANY_ENTRIES) : new Checked<>(read, null);
        } catch (CborMap.MalformedException | IllegalArgumentException e) {
            return Checked.refused(UpdateRejection.MALFORMED);
        }
    }

    private static Instant epoch(CborMap m, int key) throws CborMap.MalformedException {
        return Instant.ofEpochSecond(m.unsigned(key, CredentialClaims.MAX_EPOCH_SECOND));
    }
}
