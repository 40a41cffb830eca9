package se.nyckelfri.access.resident;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** All residents. */
public interface Residents extends JpaRepository<Resident, UUID> {

    Optional<Resident> findByPinLookup(byte[] pinLookup);

    Optional<Resident> findByPseudonym(String pseudonym);

    @Query("select r from Resident r where :unit member of r.careUnitIds order by r.createdAt")
    List<Resident> findServedBy(UUID unit);
}
