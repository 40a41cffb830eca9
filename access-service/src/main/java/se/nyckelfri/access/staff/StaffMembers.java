package se.nyckelfri.access.staff;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All staff members. */
public interface StaffMembers extends JpaRepository<StaffMember, UUID> {

    List<StaffMember> findByCareUnitIdInOrderByDisplayName(Collection<UUID> careUnitIds);

    List<StaffMember> findTop20ByDisplayNameContainingIgnoreCaseOrderByDisplayName(String term);
}
