package se.nyckelfri.access.audittrail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.Doors;
import se.nyckelfri.access.premises.LockDevice;
import se.nyckelfri.access.premises.LockDevices;

/**
 * The locks at a resident's own front door(s) (flat doors, not shared entrances, whose openings are about everyone
 * behind them), by lock id with the door's label: what "every opening at the resident's door" means for the search and
 * the extract. Reads through the premises module's API. Thread-safe.
 */
@Component
class ResidentDoors {

    private final Doors doors;
    private final LockDevices locks;

    ResidentDoors(Doors doors, LockDevices locks) {
        this.doors = doors;
        this.locks = locks;
    }

    Map<UUID, String> locksOf(UUID residentId) {
        Map<UUID, String> own = new LinkedHashMap<>();
        for (Door door : doors.findByResident(residentId)) {
            if (door.getKind() == Door.Kind.FLAT) {
                for (LockDevice lock : locks.findByDoorId(door.getId())) {
                    own.put(lock.getId(), door.getLabel());
                }
            }
        }
        return own;
    }
}
