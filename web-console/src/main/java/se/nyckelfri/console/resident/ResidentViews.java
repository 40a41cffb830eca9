package se.nyckelfri.console.resident;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.console.system.ConsoleTime;
import se.nyckelfri.console.system.CareUnitNames;

/**
 * Puts together what the pages show about residents, from the services alone (each applies its own scope rule,
 * so a manager never sees another unit's resident here either). Thread-safe.
 */
@Component
public class ResidentViews {

    /** One resident in the list of a manager's residents. */
    public record Row(UUID id, String name, String pseudonym, String careUnit, boolean consentActive) { }

    /** A door, and each lock on it with its health. */
    public record DoorView(String label, List<LockView> locks) { }

    /** A lock as a manager needs to see it: state, battery, last contact. */
    public record LockView(String state, Integer batteryPercent, String lastContact) { }

    private final ResidentService residents;
    private final PremisesService premises;
    private final CareUnitNames units;

    ResidentViews(ResidentService residents, PremisesService premises, CareUnitNames units) {
        this.residents = residents;
        this.premises = premises;
        this.units = units;
    }

    ResidentView summary(Actor actor, UUID residentId) {
        ResidentService.ResidentDetails details = residents.get(actor, residentId);
        String doors = premises.doorsOf(actor, residentId).stream().map(Door::getLabel).sorted().collect(Collectors.joining(", "));
        String unitNames = details.resident().getCareUnitIds().stream().map(units::name).sorted().collect(Collectors.joining(", "));
        return new ResidentView(residentId, details.name(), details.resident().getPseudonym(), doors, details.consentActive(), unitNames);
    }

    /** The residents of every care unit the actor manages (an administrator: of all units), by name. */
    List<Row> mine(Actor actor) {
        Map<UUID, Row> rows = new LinkedHashMap<>();
        for (UUID unit : units.of(actor)) {
            String unitName = units.name(unit);
            for (ResidentService.ResidentDetails d : residents.servedBy(actor, unit)) {
                rows.putIfAbsent(d.resident().getId(), new Row(d.resident().getId(), d.name(), d.resident().getPseudonym(),
                        unitName, d.consentActive()));
            }
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparing(Row::name, String.CASE_INSENSITIVE_ORDER));
        return sorted;
    }

    List<DoorView> doors(Actor actor, UUID residentId) {
        List<DoorView> doors = new ArrayList<>();
        for (Door door : premises.doorsOf(actor, residentId)) {
            List<LockView> locks = premises.locksOn(actor, door.getId()).stream()
                    .map(l -> new LockView(l.getState().name(), l.getBatteryPercent(), ConsoleTime.of(l.getLastReceiptAt())))
                    .toList();
            doors.add(new DoorView(door.getLabel(), locks));
        }
        return doors;
    }
}
