package se.nyckelfri.access.premises;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.resident.Resident;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.NotFoundException;
import se.nyckelfri.access.system.Versions;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;

/**
 * Registering gateways, doors and locks and moving locks through their life cycle. A door belongs to the care
 * units of the residents behind it: a manager acts on it only if they administer every one of those residents.
 */
@Service
public class PremisesService {

    private final Doors doors;
    private final LockDevices locks;
    private final Gateways gateways;
    private final ResidentService residents;
    private final ScopeGuard guard;
    private final AuditLog audit;
    private final Clock clock;

    PremisesService(Doors doors, LockDevices locks, Gateways gateways, ResidentService residents, ScopeGuard guard,
                    AuditLog audit, Clock clock) {
        this.doors = doors;
        this.locks = locks;
        this.gateways = gateways;
        this.residents = residents;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Registers a gateway for {@code careUnitId}, which the actor must administer. A manager of exactly one unit may
     * leave it out; an administrator may register a gateway for no unit (the fleet's own).
     */
    @Transactional
    public Gateway registerGateway(Actor actor, String serial, String location, UUID careUnitId) {
        UUID unit = careUnitId;
        if (unit == null && actor.role() == Role.MANAGER) {
            if (actor.careUnits().size() != 1) {
                throw new InvalidInputException("careUnitId", "name the care unit the gateway is for");
            }
            unit = actor.careUnits().iterator().next();
        }
        if (unit != null) {
            guard.requireAdministers(actor, Set.of(unit), "care_unit", unit, "REGISTER_GATEWAY");
        }
        Gateway gateway = gateways.save(new Gateway(serial, location, unit, clock.instant()));
        audit.append(AuditEvent.of("GATEWAY_REGISTERED", actor.pseudonym()).subject("gateway", gateway.getId())
                .attribute("care_unit", unit).build());
        return gateway;
    }

    /**
     * A gateway, for someone who may read it: its address is a home's. Readable by the unit it was registered for and
     * by the units serving a resident behind a door whose lock it relays for (and by auditors and administrators).
     */
    @Transactional(readOnly = true)
    public Gateway gateway(Actor actor, UUID id) {
        Gateway gateway = gateways.findById(id).orElseThrow(() -> new NotFoundException("gateway", id));
        guard.requireMayRead(actor, unitsOf(gateway), "gateway", id);
        return gateway;
    }

    private Set<UUID> unitsOf(Gateway gateway) {
        Set<UUID> units = new HashSet<>();
        if (gateway.getCareUnitId() != null) {
            units.add(gateway.getCareUnitId());
        }
        for (LockDevice lock : locks.findByGatewayId(gateway.getId())) {
            doors.findById(lock.getDoorId()).ifPresent(door -> units.addAll(unitsOf(door.getResidentIds())));
        }
        return units;
    }

    @Transactional
    public Door registerDoor(Actor actor, Door.Kind kind, String label, Set<UUID> residentIds) {
        requireAdministersAll(actor, residentIds, "REGISTER_DOOR");
        Door door = doors.save(new Door(kind, label, residentIds, clock.instant()));
        audit.append(AuditEvent.of("DOOR_REGISTERED", actor.pseudonym()).subject("door", door.getId())
                .attribute("kind", kind).attribute("residents", pseudonyms(residentIds)).build());
        return door;
    }

    @Transactional
    public Door replaceDoorResidents(Actor actor, UUID doorId, Set<UUID> residentIds, long expectedVersion) {
        Door door = door(actor, doorId);
        Set<UUID> touched = new HashSet<>(door.getResidentIds());
        touched.addAll(residentIds);
        requireAdministersAll(actor, touched, "CHANGE_DOOR_RESIDENTS");
        Versions.require(door.getVersion(), expectedVersion);
        door.replaceResidents(residentIds);
        audit.append(AuditEvent.of("DOOR_RESIDENTS_CHANGED", actor.pseudonym()).subject("door", doorId)
                .attribute("residents", pseudonyms(residentIds)).build());
        doors.flush();
        return door;
    }

    @Transactional(readOnly = true)
    public Door door(Actor actor, UUID id) {
        Door door = doors.findById(id).orElseThrow(() -> new NotFoundException("door", id));
        guard.requireMayRead(actor, unitsOf(door.getResidentIds()), "door", id);
        return door;
    }

    @Transactional(readOnly = true)
    public List<Door> doorsOf(Actor actor, UUID residentId) {
        Resident resident = residents.find(residentId);
        guard.requireMayRead(actor, resident.getCareUnitIds(), "resident", residentId);
        return doors.findByResident(residentId);
    }

    @Transactional
    public LockDevice registerLock(Actor actor, UUID doorId, String vendor, String vendorLockId, byte[] publicKey,
                                   UUID gatewayId) {
        Door door = doors.findById(doorId).orElseThrow(() -> new NotFoundException("door", doorId));
        requireAdministersAll(actor, door.getResidentIds(), "REGISTER_LOCK");
        if (gatewayId != null) {
            Gateway gateway = gateways.findById(gatewayId).orElseThrow(() -> new NotFoundException("gateway", gatewayId));
            // A lock may relay only through a gateway of the manager's own units: never through another home's.
            guard.requireAdministers(actor, unitsOf(gateway), "gateway", gatewayId, "REGISTER_LOCK");
        }
        byte[] key = LockPublicKeys.requireP256(publicKey, "publicKey");
        LockDevice lock = locks.save(new LockDevice(doorId, vendor, vendorLockId, key, gatewayId, clock.instant()));
        audit.append(AuditEvent.of("LOCK_REGISTERED", actor.pseudonym()).subject("lock", lock.getId())
                .attribute("door", doorId).attribute("gateway", gatewayId)
                .attribute("key_sha256", sha256(key)).build());
        return lock;
    }

    @Transactional(readOnly = true)
    public LockDevice lock(Actor actor, UUID id) {
        LockDevice lock = locks.findById(id).orElseThrow(() -> new NotFoundException("lock", id));
        door(actor, lock.getDoorId());
        return lock;
    }

    @Transactional(readOnly = true)
    public List<LockDevice> locksOn(Actor actor, UUID doorId) {
        door(actor, doorId);
        return locks.findByDoorId(doorId);
    }

    @Transactional
    public LockDevice activate(Actor actor, UUID lockId, long expectedVersion) {
        LockDevice lock = lockForChange(actor, lockId, expectedVersion, "ACTIVATE_LOCK");
        lock.activate();
        return changed(actor, lock);
    }

    @Transactional
    public LockDevice decommission(Actor actor, UUID lockId, long expectedVersion) {
        LockDevice lock = lockForChange(actor, lockId, expectedVersion, "DECOMMISSION_LOCK");
        lock.decommission();
        return changed(actor, lock);
    }

    private LockDevice lockForChange(Actor actor, UUID lockId, long expectedVersion, String action) {
        LockDevice lock = locks.findById(lockId).orElseThrow(() -> new NotFoundException("lock", lockId));
        Door door = doors.findById(lock.getDoorId()).orElseThrow();
        requireAdministersAll(actor, door.getResidentIds(), action);
        Versions.require(lock.getVersion(), expectedVersion);
        return lock;
    }

    private LockDevice changed(Actor actor, LockDevice lock) {
        audit.append(AuditEvent.of("LOCK_STATE_CHANGED", actor.pseudonym()).subject("lock", lock.getId())
                .attribute("state", lock.getState()).build());
        locks.flush();
        return lock;
    }

    private void requireAdministersAll(Actor actor, Set<UUID> residentIds, String action) {
        if (residentIds.isEmpty()) {
            throw new InvalidInputException("residentIds", "a door must lead to at least one resident's home");
        }
        for (UUID id : residentIds) {
            Resident resident = residents.find(id);
            guard.requireAdministers(actor, resident.getCareUnitIds(), "resident", id, action);
        }
    }

    private Set<UUID> unitsOf(Set<UUID> residentIds) {
        Set<UUID> units = new HashSet<>();
        residentIds.forEach(id -> units.addAll(residents.find(id).getCareUnitIds()));
        return units;
    }

    private List<String> pseudonyms(Set<UUID> residentIds) {
        return residentIds.stream().map(id -> residents.find(id).getPseudonym()).sorted().toList();
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
