package se.nyckelfri.access.premises;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** All doors. */
public interface Doors extends JpaRepository<Door, UUID> {

    @Query("select d from Door d where :resident member of d.residentIds")
    List<Door> findByResident(UUID resident);
}
