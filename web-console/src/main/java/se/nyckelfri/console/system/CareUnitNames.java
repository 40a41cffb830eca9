package se.nyckelfri.console.system;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.Role;
import se.nyckelfri.access.organisation.CareUnit;
import se.nyckelfri.access.organisation.CareUnits;

/** Care units as the pages need them: which a user's lists cover, and each one's name. Thread-safe. */
@Component
public class CareUnitNames {

    private final CareUnits units;

    CareUnitNames(CareUnits units) {
        this.units = units;
    }

    /** The units whose residents and staff a user's lists cover: a manager's own; an administrator's, all. */
    public Set<UUID> of(Actor actor) {
        if (actor.role() == Role.ADMIN) {
            return units.findAll().stream().map(CareUnit::getId).collect(Collectors.toSet());
        }
        return actor.careUnits();
    }

    public String name(UUID unit) {
        return units.findById(unit).map(CareUnit::getName).orElse("?");
    }
}
