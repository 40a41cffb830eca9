package se.nyckelfri.access.grant;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All grants, live and revoked. */
public interface Grants extends JpaRepository<AccessGrant, UUID> {

    List<AccessGrant> findByResidentIdOrderByGrantedAt(UUID residentId);

    List<AccessGrant> findByStaffMemberIdOrderByGrantedAt(UUID staffMemberId);

    List<AccessGrant> findByStaffMemberIdAndRevokedAtIsNull(UUID staffMemberId);
}
