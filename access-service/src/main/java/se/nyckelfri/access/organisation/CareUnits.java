package se.nyckelfri.access.organisation;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import se.nyckelfri.access.system.NotFoundException;

/** All care units. */
public interface CareUnits extends JpaRepository<CareUnit, UUID> {

    /** Throws {@link NotFoundException} (404) unless the care unit {@code id} exists. No scope check: callers check. */
    default void requireExists(UUID id) {
        if (!existsById(id)) {
            throw new NotFoundException("care unit", id);
        }
    }
}
