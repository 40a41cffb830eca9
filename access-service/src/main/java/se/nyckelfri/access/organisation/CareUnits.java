package se.nyckelfri.access.organisation;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All care units. */
public interface CareUnits extends JpaRepository<CareUnit, UUID> {
}
