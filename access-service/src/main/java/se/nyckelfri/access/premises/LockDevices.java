package se.nyckelfri.access.premises;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All locks. */
public interface LockDevices extends JpaRepository<LockDevice, UUID> {

    List<LockDevice> findByDoorId(UUID doorId);

    List<LockDevice> findByGatewayId(UUID gatewayId);
}
