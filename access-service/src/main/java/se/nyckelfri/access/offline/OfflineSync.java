package se.nyckelfri.access.offline;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.device.DeviceService;
import se.nyckelfri.access.device.StaffDevice;
import se.nyckelfri.access.grant.GrantedResidents;
import se.nyckelfri.access.grant.Schedule;
import se.nyckelfri.access.grant.policy.Decision;
import se.nyckelfri.access.grant.policy.PolicyDecisions;
import se.nyckelfri.access.premises.Doors;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.LockDevices;
import se.nyckelfri.access.staff.StaffMembers;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.unlocking.ReceiptLedger;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;
import se.nyckelfri.lock.protocol.credential.CredentialClaims;
import se.nyckelfri.lock.protocol.receipt.Receipts;

/**
 * A phone's sync: credentials for the doors its holder may open in the coming hours, each bound to the phone's key,
 * for one lock, spanning one stretch of a grant's schedule ({@link GrantedResidents#coverage}) that the policy allows
 * at its start, and never longer than the maximum validity ({@link OfflinePolicies}: 12 hours by default, the longest
 * shift, shorter where the staff member's care unit says so; the issuer refuses more). Every credential is recorded in the audit log, and here, in one durable transaction before any is
 * signed. Receipts the phone carries home go to the receipt ledger, which keeps each once. Thread-safe.
 */
@Service
public class OfflineSync {

    /** A phone may upload this many receipts at once (a long shift with no network). */
    public static final int MAX_RECEIPTS = 500;

    private final DeviceService devices;
    private final GrantedResidents granted;
    private final PolicyDecisions decisions;
    private final Doors doors;
    private final LockDevices locks;
    private final CredentialIssuer issuer;
    private final ReceiptLedger ledger;
    private final JdbcTemplate jdbc;
    private final OfflinePolicies policies;
    private final StaffMembers staff;
    private final Clock clock;

    OfflineSync(DeviceService devices, GrantedResidents granted, PolicyDecisions decisions, Doors doors, LockDevices locks,
                CredentialIssuer issuer, ReceiptLedger ledger, JdbcTemplate jdbc, OfflinePolicies policies,
                StaffMembers staff, Clock clock) {
        this.devices = devices;
        this.granted = granted;
        this.decisions = decisions;
        this.doors = doors;
        this.locks = locks;
        this.issuer = issuer;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.policies = policies;
        this.staff = staff;
        this.clock = clock;
    }

    /** One offline credential as the phone keeps it. */
    public record OfflineCredential(UUID lockId, UUID residentId, UUID grantId, Instant notBefore, Instant expiry,
                                    byte[] credential) { }

    private record Planned(UUID lockId, UUID residentId, UUID grantId, Instant from, Instant until) { }

    /**
     * Issues the credentials {@code deviceId} (the caller's own, not blocked) carries for the next hours.
     *
     * @throws ConflictException {@code DEVICE_BLOCKED} for a blocked phone
     */
    public List<OfflineCredential> sync(Actor actor, UUID deviceId) {
        StaffDevice device = devices.usable(actor, deviceId);
        Instant now = clock.instant();
        UUID unit = staff.findById(actor.staffMemberId()).orElseThrow().getCareUnitId();
        Instant horizon = now.plus(policies.maxValidity(unit));
        Map<String, Planned> planned = new LinkedHashMap<>();
        for (GrantedResidents.Coverage coverage : granted.coverage(actor.staffMemberId(), now, horizon)) {
            List<LockDevice> behind = doors.findByResident(coverage.residentId()).stream()
                    .flatMap(door -> locks.findByDoorId(door.getId()).stream())
                    .filter(lock -> lock.getState() == LockDevice.State.ACTIVE).toList();
            for (Schedule.Interval interval : coverage.intervals()) {
                for (LockDevice lock : behind) {
                    Decision decision = decisions.decide(actor.staffMemberId(), lock.getId(), interval.start());
                    if (decision.allowed()) {
                        planned.putIfAbsent(lock.getId() + "@" + interval.start() + "-" + interval.end(), new Planned(lock.getId(),
                                coverage.residentId(), coverage.grantId(), interval.start(), interval.end()));
                    }
                }
            }
        }
        List<Planned> plan = List.copyOf(planned.values());
        List<CredentialIssuer.OfflineRequest> requests = plan.stream().map(p -> new CredentialIssuer.OfflineRequest(p.lockId(),
                actor.pseudonym(), p.grantId(), device.getPublicKey(), deviceId, p.from(), p.until())).toList();
        List<CredentialIssuer.Issued> issued = issuer.issueOffline(requests, actor.pseudonym(), claims -> {
            Instant latest = null;
            List<Object[]> rows = new ArrayList<>(claims.size());
            for (int i = 0; i < claims.size(); i++) {
                CredentialClaims c = claims.get(i);
                rows.add(new Object[] {c.credentialId(), deviceId, actor.staffMemberId(), c.lockId(), c.grantId(),
                        plan.get(i).residentId(), Timestamp.from(c.notBefore()), Timestamp.from(c.expiry()),
                        Timestamp.from(c.issuedAt())});
                latest = latest == null || c.expiry().isAfter(latest) ? c.expiry() : latest;
            }
            jdbc.batchUpdate("""
                    INSERT INTO offline_credential (credential_id, device_id, staff_member_id, lock_id, grant_id,
                        resident_id, not_before, expiry, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
            if (latest != null) {
                devices.issuedUntil(deviceId, latest);
            }
        });
        List<OfflineCredential> result = new ArrayList<>(issued.size());
        for (int i = 0; i < issued.size(); i++) {
            CredentialClaims c = issued.get(i).claims();
            result.add(new OfflineCredential(c.lockId(), plan.get(i).residentId(), c.grantId(), c.notBefore(), c.expiry(),
                    issued.get(i).credential()));
        }
        return result;
    }

    /** A receipt a phone carried home, and what became of it. */
    public record Carried(UUID lockId, byte[] receipt) { }

    public enum Taken { RECORDED, ALREADY_RECORDED, INVALID }

    /**
     * Records the receipts the caller's phone {@code deviceId} carried home (a blocked phone's too: they are the
     * locks' signed facts). Each is verified against its lock's registered key and kept once per lock and counter.
     */
    public List<Taken> receipts(Actor actor, UUID deviceId, List<Carried> carried) {
        devices.own(actor, deviceId);
        if (carried.size() > MAX_RECEIPTS) {
            throw new InvalidInputException("receipts", "at most " + MAX_RECEIPTS + " at a time");
        }
        List<Taken> taken = new ArrayList<>(carried.size());
        for (Carried receipt : carried) {
            try {
                taken.add(ledger.record(receipt.lockId(), receipt.receipt(), "phone:" + deviceId).isNew()
                        ? Taken.RECORDED : Taken.ALREADY_RECORDED);
            } catch (Receipts.ReceiptException e) {
                taken.add(Taken.INVALID);
            }
        }
        return taken;
    }

    /** An offline credential as a receipt names it: the lock and the credential id. */
    public record Issued(UUID lockId, String credentialId) { }

    /** Which of {@code credentialIds} were issued as offline credentials, and for which lock: one query. */
    public Set<Issued> issuedAmong(Collection<byte[]> credentialIds) {
        if (credentialIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query("SELECT lock_id, encode(credential_id, 'hex') FROM offline_credential WHERE credential_id = ANY (?)",
                (rs, n) -> new Issued(rs.getObject(1, UUID.class), rs.getString(2)), (Object) credentialIds.toArray(new byte[0][])));
    }

    /** When the last offline credential under {@code grantId} still valid expires, if one is. */
    public Optional<Instant> liveUntilUnderGrant(UUID grantId) {
        return Optional.ofNullable(jdbc.queryForObject("SELECT max(expiry) FROM offline_credential WHERE grant_id = ? AND expiry > ?",
                Timestamp.class, grantId, Timestamp.from(clock.instant()))).map(Timestamp::toInstant);
    }

    /** The grants with offline credentials for {@code residentId}'s doors still valid, with when the last expires. */
    public Map<UUID, Instant> liveGrantsOfResident(UUID residentId) {
        Map<UUID, Instant> live = new LinkedHashMap<>();
        jdbc.query("SELECT grant_id, max(expiry) AS until FROM offline_credential WHERE resident_id = ? AND expiry > ? GROUP BY grant_id",
                rs -> {
                    live.put(rs.getObject("grant_id", UUID.class), rs.getTimestamp("until").toInstant());
                }, residentId, Timestamp.from(clock.instant()));
        return live;
    }
}
