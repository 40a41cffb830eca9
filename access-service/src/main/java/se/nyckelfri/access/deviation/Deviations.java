package se.nyckelfri.access.deviation;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All deviations. */
interface Deviations extends JpaRepository<Deviation, UUID> {

    List<Deviation> findTop200ByCareUnitIdInOrderByReportedAtDesc(Collection<UUID> careUnitIds);

    List<Deviation> findTop200ByOrderByReportedAtDesc();
}
