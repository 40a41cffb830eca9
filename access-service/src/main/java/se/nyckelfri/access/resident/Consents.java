package se.nyckelfri.access.resident;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All consents, active and withdrawn. */
public interface Consents extends JpaRepository<Consent, UUID> {

    List<Consent> findByResidentIdOrderByRecordedAt(UUID residentId);

    boolean existsByResidentIdAndWithdrawnAtIsNull(UUID residentId);
}
