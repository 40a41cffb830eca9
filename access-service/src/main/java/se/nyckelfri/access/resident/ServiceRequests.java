package se.nyckelfri.access.resident;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** All requests to serve a resident. */
interface ServiceRequests extends JpaRepository<ServiceRequest, UUID> {

    boolean existsByResidentIdAndCareUnitIdAndStatus(UUID residentId, UUID careUnitId, ServiceRequest.Status status);

    /** Requests a unit made, and requests about residents the unit serves, newest first. */
    @Query("""
            select q from ServiceRequest q where q.careUnitId = :unit
               or q.residentId in (select r.id from Resident r where :unit member of r.careUnitIds)
            order by q.requestedAt desc""")
    List<ServiceRequest> findConcerning(UUID unit);

    List<ServiceRequest> findByResidentIdIn(Collection<UUID> residentIds);
}
