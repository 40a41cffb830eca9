package se.nyckelfri.access.emergency;

import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import se.nyckelfri.audit.AuditRecord;
import se.nyckelfri.audit.AuditTrail;

/**
 * Gives the emergency openings recorded before they had rows of their own (an installation upgraded from an earlier
 * version) their rows, once: the {@code EMERGENCY_ACCESS} entries older than the oldest row are read from the log,
 * with the credential issued for each, so that no unreviewed emergency drops off the review pages. The only place
 * that reads emergencies back from the log, and only to migrate; at a later start it reads one entry and stops.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class EmergencyOpeningBackfill implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(EmergencyOpeningBackfill.class);
    private static final int PAGE = 1000;

    private final AuditTrail trail;
    private final JdbcTemplate jdbc;

    EmergencyOpeningBackfill(AuditTrail trail, JdbcTemplate jdbc) {
        this.trail = trail;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        Long oldest = jdbc.queryForObject("SELECT min(audit_index) FROM emergency_opening", Long.class);
        int added = 0;
        long after = -1;
        // once rows exist, the first page is one entry: usually the oldest row's own, and nothing is left to do
        int page = oldest == null ? PAGE : 1;
        while (true) {
            List<AuditRecord> found = trail.find(new AuditTrail.Query("EMERGENCY_ACCESS", null, null, null, null, null, null,
                    null, after, page));
            for (AuditRecord r : found) {
                if (oldest != null && r.index() >= oldest) {
                    log(added);
                    return;
                }
                added += insert(r);
            }
            if (found.size() < page) {
                log(added);
                return;
            }
            after = found.get(found.size() - 1).index();
            page = PAGE;
        }
    }

    private int insert(AuditRecord r) {
        Map<String, String> attributes = r.event().attributes() == null ? Map.of() : r.event().attributes();
        String emergency = Long.toString(r.index());
        byte[] credential = trail.find(new AuditTrail.Query("CREDENTIAL_ISSUED", "lock", r.event().subjectId(), r.event().actor(),
                        null, null, null, null, r.index(), 10)).stream()
                .filter(issued -> issued.event().attributes() != null && emergency.equals(issued.event().attributes().get("emergency")))
                .map(issued -> issued.event().attributes().get("credential")).filter(c -> c != null)
                .map(HexFormat.of()::parseHex).findFirst().orElse(null);
        String grant = attributes.get("grant");
        return jdbc.update("""
                INSERT INTO emergency_opening (id, audit_index, lock_id, actor, grant_id, cause, alarm_reference, opened_at,
                                               credential_id)
                VALUES (?, ?, ?::uuid, ?, ?, ?, ?, ?, ?) ON CONFLICT (audit_index) DO NOTHING""",
                UUID.randomUUID(), r.index(), r.event().subjectId(), r.event().actor(), grant == null ? null : UUID.fromString(grant),
                r.event().reason() == null ? "OTHER" : r.event().reason(), attributes.get("alarm_reference"),
                Timestamp.from(r.recordedAt()), credential);
    }

    private static void log(int added) {
        if (added > 0) {
            log.info("Gave {} emergency openings recorded before this version their rows", added);
        }
    }
}
