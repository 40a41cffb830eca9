package se.nyckelfri.access.premises;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** All locks. */
public interface LockDevices extends JpaRepository<LockDevice, UUID> {

    List<LockDevice> findByDoorId(UUID doorId);

    List<LockDevice> findByGatewayId(UUID gatewayId);

    /** The gateway that reaches the lock, if it has one. */
    @Query("SELECT l.gatewayId FROM LockDevice l WHERE l.id = :lockId AND l.gatewayId IS NOT NULL")
    Optional<UUID> findGatewayIdById(@Param("lockId") UUID lockId);

    /** A vendor's locks that have a gateway and are not decommissioned, by the vendor's own lock id. */
    @Query("SELECT l FROM LockDevice l WHERE l.vendor = :vendor AND l.gatewayId IS NOT NULL "
            + "AND l.state <> se.nyckelfri.access.premises.LockDevice.State.DECOMMISSIONED ORDER BY l.vendorLockId")
    List<LockDevice> findReachableOfVendor(@Param("vendor") String vendor);
}
