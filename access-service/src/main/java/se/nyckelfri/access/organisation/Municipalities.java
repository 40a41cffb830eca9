package se.nyckelfri.access.organisation;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All municipalities. */
public interface Municipalities extends JpaRepository<Municipality, UUID> {
}
