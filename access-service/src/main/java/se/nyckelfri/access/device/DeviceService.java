package se.nyckelfri.access.device;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.staff.EmploymentEnded;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffMembers;
import se.nyckelfri.access.system.ConflictException;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.system.Versions;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.lock.protocol.cose.P256;

/**
 * Registering and blocking staff devices, each audited. A staff member registers and blocks their own; a manager
 * reads and blocks those of their units' staff; ending employment blocks them all in the same transaction. A block
 * is published ({@link DeviceBlocked}) for the locks to learn.
 */
@Service
public class DeviceService {

    /** A staff member keeps a handful of devices at most (a work phone, its replacement, a tablet). */
    static final int MAX_DEVICES = 5;

    private final StaffDevices devices;
    private final StaffMembers staff;
    private final ScopeGuard guard;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeviceService(StaffDevices devices, StaffMembers staff, ScopeGuard guard, AuditLog audit,
                  ApplicationEventPublisher events, Clock clock) {
        this.devices = devices;
        this.staff = staff;
        this.guard = guard;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Registers a device of the signed-in staff member by its public key, a compressed P-256 point. */
    @Transactional
    public StaffDevice register(Actor actor, String name, byte[] publicKey) {
        StaffMember member = self(actor);
        try {
            P256.decompress(publicKey);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("publicKey", "must be a compressed P-256 point (33 bytes, base64url)");
        }
        if (devices.existsByPublicKey(publicKey)) {
            throw new ConflictException("DEVICE_KEY_KNOWN", "This key is registered already; a phone makes a new key to register again.");
        }
        if (devices.findByStaffMemberIdAndBlockedAtIsNull(member.getId()).size() >= MAX_DEVICES) {
            throw new ConflictException("TOO_MANY_DEVICES", "At most " + MAX_DEVICES + " devices; block one you no longer use.");
        }
        StaffDevice device = devices.saveAndFlush(new StaffDevice(member.getId(), name, publicKey, clock.instant()));
        audit.append(AuditEvent.of("DEVICE_REGISTERED", actor.pseudonym()).subject("device", device.getId())
                .attribute("staff", member.getPseudonym()).attribute("key", HexFormat.of().formatHex(device.getKeyId()))
                .build());
        return device;
    }

    /** The signed-in staff member's devices. */
    @Transactional(readOnly = true)
    public List<StaffDevice> mine(Actor actor) {
        return devices.findByStaffMemberIdOrderByRegisteredAt(self(actor).getId());
    }

    /** A staff member's devices, for a manager of their unit (or an auditor, or an administrator). */
    @Transactional(readOnly = true)
    public List<StaffDevice> ofStaff(Actor actor, UUID staffMemberId) {
        StaffMember member = staff.findById(staffMemberId).orElseThrow(() -> new NotFoundException("staff member", staffMemberId));
        guard.requireMayRead(actor, Set.of(member.getCareUnitId()), "staff_member", staffMemberId);
        return devices.findByStaffMemberIdOrderByRegisteredAt(staffMemberId);
    }

    /**
     * The device {@code deviceId} if it belongs to the signed-in staff member and is not blocked: what a sync needs.
     *
     * @throws ConflictException {@code DEVICE_BLOCKED} when it is blocked
     */
    @Transactional(readOnly = true)
    public StaffDevice usable(Actor actor, UUID deviceId) {
        StaffDevice device = own(actor, deviceId);
        if (device.isBlocked()) {
            throw new ConflictException("DEVICE_BLOCKED", "This phone is blocked and can no longer open doors; register it again.");
        }
        return device;
    }

    /**
     * Refuses, and records the refusal durably, when the phone {@code deviceId} that asks to open a door online is
     * blocked (or not the caller's): a blocked phone opens nothing, through the gateway as at the door.
     *
     * @throws ConflictException {@code DEVICE_BLOCKED}
     */
    public void requireMayOpen(Actor actor, UUID deviceId, UUID lockId) {
        StaffDevice device = own(actor, deviceId);
        if (device.isBlocked()) {
            audit.appendDurably(AuditEvent.of("ACCESS_REFUSED", actor.pseudonym()).subject("lock", lockId)
                    .outcome("REFUSED", "DEVICE_BLOCKED").attribute("action", "UNLOCK").attribute("device", deviceId).build());
            throw new ConflictException("DEVICE_BLOCKED", "This phone is blocked and can no longer open doors.");
        }
    }

    /** Blocks a device: the holder their own, a manager one of their units' staff's. */
    @Transactional
    public StaffDevice block(Actor actor, UUID deviceId, String reason, long expectedVersion) {
        StaffDevice device = devices.findById(deviceId).orElseThrow(() -> new NotFoundException("device", deviceId));
        if (actor.role() == Role.STAFF) {
            requireHolder(actor, device);
        } else {
            StaffMember member = staff.findById(device.getStaffMemberId()).orElseThrow();
            guard.requireAdministers(actor, Set.of(member.getCareUnitId()), "device", deviceId, "BLOCK_DEVICE");
        }
        Versions.require(device.getVersion(), expectedVersion);
        blockAndRecord(device, actor.pseudonym(), reason);
        devices.flush();
        return device;
    }

    /** Offline credentials issued to the device now live until {@code expiry}; a later block must reach locks until then. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void issuedUntil(UUID deviceId, Instant expiry) {
        devices.findById(deviceId).orElseThrow(() -> new NotFoundException("device", deviceId)).offlineUntil(expiry);
    }

    /** Ended employment blocks every device of the member, in the transaction that ends it. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(EmploymentEnded ended) {
        for (StaffDevice device : devices.findByStaffMemberIdAndBlockedAtIsNull(ended.staffMemberId())) {
            blockAndRecord(device, ended.byPseudonym(), "Employment ended");
        }
    }

    private void blockAndRecord(StaffDevice device, String byPseudonym, String reason) {
        Instant now = clock.instant();
        device.block(byPseudonym, reason, now);
        audit.append(AuditEvent.of("DEVICE_BLOCKED", byPseudonym).subject("device", device.getId())
                .attribute("key", HexFormat.of().formatHex(device.getKeyId()))
                .attribute("offline_until", device.getOfflineUntil()).build());
        events.publishEvent(new DeviceBlocked(device.getId(), device.getKeyId(), device.getOfflineUntil(), now));
    }

    private StaffMember self(Actor actor) {
        if (actor.staffMemberId() == null) {
            throw new ConflictException("NOT_STAFF", "Only a staff member's own account registers devices.");
        }
        return staff.findById(actor.staffMemberId()).filter(StaffMember::isActive)
                .orElseThrow(() -> new ConflictException("STAFF_INACTIVE", "This employment has ended."));
    }

    /**
     * The device {@code deviceId} if it is the signed-in staff member's, blocked or not.
     *
     * @throws NotFoundException otherwise: another's device is not even there for them
     */
    @Transactional(readOnly = true)
    public StaffDevice own(Actor actor, UUID deviceId) {
        StaffDevice device = devices.findById(deviceId).orElseThrow(() -> new NotFoundException("device", deviceId));
        requireHolder(actor, device);
        return device;
    }

    /** Another's device is not even there for a staff member. */
    private static void requireHolder(Actor actor, StaffDevice device) {
        if (!device.getStaffMemberId().equals(actor.staffMemberId())) {
            throw new NotFoundException("device", device.getId());
        }
    }
}
