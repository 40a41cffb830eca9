package se.nyckelfri.access.device;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All staff devices. */
interface StaffDevices extends JpaRepository<StaffDevice, UUID> {

    List<StaffDevice> findByStaffMemberIdOrderByRegisteredAt(UUID staffMemberId);

    List<StaffDevice> findByStaffMemberIdAndBlockedAtIsNull(UUID staffMemberId);

    boolean existsByPublicKey(byte[] publicKey);
}
