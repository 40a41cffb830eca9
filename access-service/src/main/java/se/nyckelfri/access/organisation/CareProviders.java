package se.nyckelfri.access.organisation;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All care providers. */
public interface CareProviders extends JpaRepository<CareProvider, UUID> {
}
