package se.nyckelfri.access.premises;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All gateways. */
public interface Gateways extends JpaRepository<Gateway, UUID> {
}
