package se.nyckelfri.access.lockupdate;

import static se.nyckelfri.lock.protocol.update.LockUpdates.MAX_REVOCATIONS;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import se.nyckelfri.access.device.DeviceBlocked;
import se.nyckelfri.access.grant.GrantRevoked;
import se.nyckelfri.access.offline.OfflineSync;
import se.nyckelfri.access.premises.GatewayCameOnline;
import se.nyckelfri.access.resident.ConsentWithdrawn;
import se.nyckelfri.access.unlocking.FleetLinkException;
import se.nyckelfri.access.unlocking.LockClockDrifted;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.keyissuer.archive.CredentialArchive;
import se.nyckelfri.keyissuer.keys.IssuerKeyRing;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.keyissuer.signing.LockUpdateSigner;
import se.nyckelfri.lock.protocol.cbor.CborMap;
import se.nyckelfri.lock.protocol.frame.Message;
import se.nyckelfri.lock.protocol.update.LockUpdates.Revocation;
import se.nyckelfri.lock.protocol.update.LockUpdates.RevocationKind;
import se.nyckelfri.lock.protocol.update.LockUpdates.RevocationList;

/**
 * The revocation list and the trust anchors, as signed versions. A block, a revoked grant or a withdrawn consent adds
 * revocation entries in its own transaction (only where offline credentials it concerns are still valid: online
 * credentials live two minutes and the policy refuses them anyway), each kept until the last credential it concerns
 * has expired, plus the locks' clock tolerance. After the commit a new version is signed and pushed; changes that
 * come in a burst are published together.
 *
 * <p>Bound: a lock keeps 512 ({@code MAX_REVOCATIONS} of the protocol) entries. Should more be
 * in force, the list keeps the newest and raises its floor to now: every offline credential issued before is then
 * refused at the locks, and phones sync again (they get new credentials at once). Safe, never silent.
 *
 * <p>Thread-safe: versions are numbered under a lock of this service (one writer per platform; with several nodes,
 * the primary key on (kind, version) refuses a duplicate and the loser retries).
 */
@Service
public class LockUpdates implements DisposableBean {

    /**
     * The first trust anchors name the issuer keys locks are commissioned with: nothing to tell a lock that holds none
     * yet. Only later versions are pushed and handed over.
     */
    static final long COMMISSIONED_ANCHORS = 1;
    /** Kept past a credential's expiry: the locks' clock tolerance. */
    static final Duration TOLERANCE = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(LockUpdates.class);

    private final JdbcTemplate jdbc;
    private final OfflineSync offline;
    private final LockUpdateSigner signer;
    private final IssuerKeyRing issuerKeys;
    private final CredentialArchive archive;
    private final LockUpdatePush push;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration keyCheck;
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lock-update-publisher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean publishPending = new AtomicBoolean();
    /** The newest revocation list's version and its push. */
    private volatile Map.Entry<Long, LockUpdatePush.Delivery> lastRevocationPush;

    LockUpdates(JdbcTemplate jdbc, OfflineSync offline, LockUpdateSigner signer, IssuerKeyRing issuerKeys,
                CredentialArchive archive, LockUpdatePush push, AuditLog audit,
                @Value("${nyckelfri.lock-updates.key-check:PT1M}") Duration keyCheck, Clock clock) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.offline = offline;
        this.signer = signer;
        this.issuerKeys = issuerKeys;
        this.push = push;
        this.audit = audit;
        this.keyCheck = keyCheck;
        this.clock = clock;
    }

    /**
     * The newest signed updates, as phones carry them (version 0 and no bytes where there is none yet), and whether the
     * newest revocation list refuses anything at all (entries or a floor).
     */
    public record Newest(long revocationVersion, byte[] revocations, boolean revocationsRefuse, long trustAnchorVersion,
                         byte[] trustAnchors) { }

    public Newest newest() {
        Stored revocations = newest("REVOCATIONS");
        Stored anchors = newest("TRUST_ANCHORS");
        return new Newest(revocations == null ? 0 : revocations.version(), revocations == null ? null : revocations.body(),
                revocations != null && (revocations.entries() > 0 || revocations.floor() != null),
                anchors == null ? 0 : anchors.version(), anchors == null ? null : anchors.body());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(DeviceBlocked blocked) {
        if (blocked.offlineUntil() != null && blocked.offlineUntil().plus(TOLERANCE).isAfter(clock.instant())) {
            add(RevocationKind.DEVICE_KEY, blocked.keyId(), blocked.offlineUntil(), "device blocked");
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(GrantRevoked revoked) {
        offline.liveUntilUnderGrant(revoked.grantId()).ifPresent(until ->
                add(RevocationKind.GRANT, CborMap.uuidBytes(revoked.grantId()), until, "grant revoked"));
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ConsentWithdrawn withdrawn) {
        for (Map.Entry<UUID, Instant> grant : offline.liveGrantsOfResident(withdrawn.residentId()).entrySet()) {
            add(RevocationKind.GRANT, CborMap.uuidBytes(grant.getKey()), grant.getValue(), "consent withdrawn");
        }
    }

    @TransactionalEventListener
    void afterCommit(DeviceBlocked blocked) {
        publishSoon();
    }

    @TransactionalEventListener
    void afterCommit(GrantRevoked revoked) {
        publishSoon();
    }

    @TransactionalEventListener
    void afterCommit(ConsentWithdrawn withdrawn) {
        publishSoon();
    }

    /** The newest revocation list's push: the instants the reachable locks answered, in the order they did. */
    public record Pushed(long version, Instant started, int locks, List<Instant> answered, int unreachable) { }

    /** The newest revocation list's push so far ({@code null} before any). */
    public Pushed lastRevocationPush() {
        Map.Entry<Long, LockUpdatePush.Delivery> last = lastRevocationPush;
        if (last == null) {
            return null;
        }
        LockUpdatePush.Delivery d = last.getValue();
        return new Pushed(last.getKey(), d.started(), d.locks(), List.copyOf(d.answered()), d.unreachable().get());
    }

    /**
     * On the first start, the trust anchors every lock and phone starts from (the issuer keys live now); then, every
     * {@code nyckelfri.lock-updates.key-check} (a minute), whether an issuer key has passed its overlap, to tell the
     * locks to stop trusting it.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (newest("TRUST_ANCHORS") == null) {
            publishTrustAnchors("system");
        }
        publisher.scheduleWithFixedDelay(() -> {
            try {
                retireExpiredKeys();
            } catch (RuntimeException e) {
                log.error("Could not check the issuer keys against the trust anchors; trying again later", e);
            }
        }, keyCheck.toMillis(), keyCheck.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        publisher.shutdownNow();
    }

    /** A gateway that came back gets its locks up to date (off the broker's thread). */
    @EventListener
    void on(GatewayCameOnline online) {
        publisher.submit(() -> push.bringUpToDate(online.gatewayId(), newest()));
    }

    /** A lock whose clock drifted gets a signed time update (off the caller's thread). */
    @EventListener
    void on(LockClockDrifted drifted) {
        publisher.submit(() -> {
            try {
                push.setClock(drifted.gatewayId(), drifted.lockId());
            } catch (FleetLinkException e) {
                log.debug("Lock {}'s clock not set now: {}", drifted.lockId(), e.getMessage());
            }
        });
    }

    /** Signs and pushes a new revocation list soon, once for a burst of changes. */
    void publishSoon() {
        if (publishPending.compareAndSet(false, true)) {
            publisher.submit(() -> {
                publishPending.set(false);
                try {
                    publishRevocations("system");
                } catch (RuntimeException e) {
                    log.error("Could not publish a revocation list; the next change publishes again", e);
                }
            });
        }
    }

    /**
     * Signs the revocation list in force now as a new version, keeps it, and pushes it to every reachable lock; unless
     * it would refuse exactly what the newest version refuses (or nothing, when there is none yet): then that version
     * stands (returned; 0 for none).
     */
    public synchronized long publishRevocations(String actorPseudonym) {
        Instant now = clock.instant();
        List<Revocation> entries = new ArrayList<>();
        jdbc.query("SELECT kind, target, forget_after FROM revocation_entry WHERE forget_after > ? ORDER BY created_at DESC",
                rs -> {
                    entries.add(new Revocation(RevocationKind.valueOf(rs.getString(1)), rs.getBytes(2),
                            rs.getTimestamp(3).toInstant()));
                }, Timestamp.from(now));
        Instant floor = null;
        if (entries.size() > MAX_REVOCATIONS) {
            floor = now;
            entries.subList(MAX_REVOCATIONS, entries.size()).clear();
            log.warn("More revocations in force than a lock keeps: the list's floor is now {}; phones sync again", now);
        }
        Stored previous = newest("REVOCATIONS");
        if (floor == null && previous != null && previous.floor() != null && previous.floor().isAfter(now.minus(CredentialIssuer.MAX_OFFLINE_LIFETIME))) {
            floor = previous.floor(); // a floor stands until every credential it refused has expired anyway
        }
        String digest = digest(entries, floor);
        if (previous != null ? digest.equals(previous.digest()) : entries.isEmpty() && floor == null) {
            return previous == null ? 0 : previous.version(); // nothing a lock would refuse differently
        }
        long version = previous == null ? 1 : previous.version() + 1;
        byte[] body = signer.revocations(new RevocationList(version, now, floor, entries), actorPseudonym);
        store("REVOCATIONS", version, body, floor, entries.size(), digest, List.of());
        lastRevocationPush = Map.entry(version, push.toAll("Revocation list " + version, new Message.RevocationUpdate(body)));
        return version;
    }

    /** Signs trust anchors naming the issuer keys live now as a new version, keeps them and pushes them. */
    public synchronized long publishTrustAnchors(String actorPseudonym) {
        Stored previous = newest("TRUST_ANCHORS");
        long version = previous == null ? 1 : previous.version() + 1;
        LockUpdateSigner.SignedAnchors anchors = signer.trustAnchors(version, actorPseudonym);
        byte[] body = anchors.body();
        store("TRUST_ANCHORS", version, body, null, 0, null, anchors.keyIds());
        if (version > COMMISSIONED_ANCHORS) {
            push.toAll("Trust anchors " + version, new Message.TrustAnchorUpdate(body));
        }
        return version;
    }

    /**
     * Starts an issuer key rotation: a new signing key, the previous one trusted for the overlap and until the last
     * credential it signed has expired (a phone synced this morning keeps opening doors all shift), and trust anchors
     * naming both pushed to the locks. Once both have passed, {@link #retireExpiredKeys} publishes anchors without it.
     */
    public synchronized long rotateIssuerKey(String actorPseudonym) {
        String previous = issuerKeys.signingKey().getKeyID();
        String key = issuerKeys.rotate().getKeyID();
        holdForItsCredentials(previous);
        audit.appendDurably(AuditEvent.of("ISSUER_KEY_ROTATED", actorPseudonym).subject("issuer_key", key).build());
        return publishTrustAnchors(actorPseudonym);
    }

    /**
     * Publishes new trust anchors when the live issuer keys differ from those the newest anchors name (a key retired).
     * First, each rotated-out key is held while a credential it signed is still valid: a credential whose signing
     * raced the rotation is kept after the rotation's own look.
     */
    public synchronized void retireExpiredKeys() {
        issuerKeys.rotatedOutKeyIds().forEach(this::holdForItsCredentials);
        Stored previous = newest("TRUST_ANCHORS");
        if (previous == null) {
            return;
        }
        Set<String> named = new HashSet<>(previous.keyIds());
        Set<String> live = new HashSet<>(issuerKeys.liveKeys().stream().map(IssuerKeyRing::keyId).toList());
        if (!named.equals(live)) {
            publishTrustAnchors("system");
        }
    }

    /** Keeps a rotated-out issuer key trusted until its last credential has expired, plus the locks' clock tolerance. */
    private void holdForItsCredentials(String keyId) {
        archive.lastExpiry(keyId).ifPresent(last -> issuerKeys.keepTrustedUntil(keyId, last.plus(TOLERANCE)));
    }

    private void add(RevocationKind kind, byte[] target, Instant until, String reason) {
        jdbc.update("INSERT INTO revocation_entry (id, kind, target, forget_after, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(), kind.name(), target, Timestamp.from(until.plus(TOLERANCE)), reason, Timestamp.from(clock.instant()));
    }

    private record Stored(long version, byte[] body, Instant floor, int entries, String digest, List<String> keyIds) { }

    /** What a list refuses, as a digest: its entries in order and its floor. */
    private static String digest(List<Revocation> entries, Instant floor) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            entries.stream().map(r -> r.kind().name() + HexFormat.of().formatHex(r.id()) + r.forgetAfter().getEpochSecond())
                    .sorted().forEach(e -> sha.update(e.getBytes(StandardCharsets.US_ASCII)));
            sha.update(String.valueOf(floor == null ? -1 : floor.getEpochSecond()).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Stored newest(String kind) {
        return jdbc.query("SELECT version, body, floor, coalesce(entries, 0), key_ids, digest FROM lock_update WHERE kind = ? ORDER BY version DESC LIMIT 1", rs -> {
            if (!rs.next()) {
                return null;
            }
            Timestamp floor = rs.getTimestamp(3);
            String keyIds = rs.getString(5);
            return new Stored(rs.getLong(1), rs.getBytes(2), floor == null ? null : floor.toInstant(), rs.getInt(4), rs.getString(6),
                    keyIds == null || keyIds.isEmpty() ? List.of() : List.of(keyIds.split(",")));
        }, kind);
    }

    private void store(String kind, long version, byte[] body, Instant floor, int entries, String digest, List<String> keyIds) {
        jdbc.update("INSERT INTO lock_update (kind, version, body, floor, entries, digest, key_ids, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                kind, version, body, floor == null ? null : Timestamp.from(floor), entries, digest, String.join(",", keyIds),
                Timestamp.from(clock.instant()));
    }
}
