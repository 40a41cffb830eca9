package se.nyckelfri.access.offline;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.actor.ScopeGuard;
import se.nyckelfri.access.organisation.CareUnits;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.audit.AuditEvent;
import se.nyckelfri.audit.AuditLog;
import se.nyckelfri.keyissuer.signing.CredentialIssuer;

/**
 * How long offline credentials may be valid: the platform's maximum ({@code nyckelfri.offline.max-validity}, 12 hours
 * by default, never more), shortened for a care unit by its manager (15 minutes to the platform's maximum; audited).
 */
@Service
public class OfflinePolicies {

    private final JdbcTemplate jdbc;
    private final CareUnits units;
    private final ScopeGuard guard;
    private final AuditLog audit;
    private final Duration platformMax;
    private final Clock clock;

    OfflinePolicies(JdbcTemplate jdbc, CareUnits units, ScopeGuard guard, AuditLog audit,
                    @Value("${nyckelfri.offline.max-validity:PT12H}") Duration platformMax, Clock clock) {
        if (platformMax.compareTo(CredentialIssuer.MAX_OFFLINE_LIFETIME) > 0 || platformMax.compareTo(Duration.ofMinutes(15)) < 0) {
            throw new IllegalArgumentException("nyckelfri.offline.max-validity must be 15 minutes to "
                    + CredentialIssuer.MAX_OFFLINE_LIFETIME);
        }
        this.jdbc = jdbc;
        this.units = units;
        this.guard = guard;
        this.audit = audit;
        this.platformMax = platformMax;
        this.clock = clock;
    }

    /** The longest an offline credential for a member of {@code careUnitId} may be valid. */
    public Duration maxValidity(UUID careUnitId) {
        return jdbc.queryForList("SELECT max_validity_minutes FROM offline_policy WHERE care_unit_id = ?", Integer.class, careUnitId)
                .stream().findFirst().map(m -> Duration.ofMinutes(m)).filter(d -> d.compareTo(platformMax) < 0).orElse(platformMax);
    }

    /** A unit's maximum, as its manager (or anyone who may read the unit) sees it. */
    @Transactional(readOnly = true)
    public Duration get(Actor actor, UUID careUnitId) {
        units.requireExists(careUnitId);
        guard.requireMayRead(actor, Set.of(careUnitId), "care_unit", careUnitId);
        return maxValidity(careUnitId);
    }

    /** Sets a unit's maximum: 15 minutes to the platform's. */
    @Transactional
    public Duration set(Actor actor, UUID careUnitId, Duration maxValidity) {
        units.requireExists(careUnitId);
        guard.requireAdministers(actor, Set.of(careUnitId), "care_unit", careUnitId, "SET_OFFLINE_POLICY");
        if (maxValidity.compareTo(Duration.ofMinutes(15)) < 0 || maxValidity.compareTo(platformMax) > 0) {
            throw new InvalidInputException("maxValidity", "must be from PT15M to " + platformMax);
        }
        jdbc.update("""
                INSERT INTO offline_policy (care_unit_id, max_validity_minutes, changed_by, changed_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (care_unit_id) DO UPDATE SET max_validity_minutes = EXCLUDED.max_validity_minutes,
                    changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at""",
                careUnitId, (int) maxValidity.toMinutes(), actor.pseudonym(), Timestamp.from(clock.instant()));
        audit.append(AuditEvent.of("OFFLINE_POLICY_SET", actor.pseudonym()).subject("care_unit", careUnitId)
                .attribute("max_validity", Duration.ofMinutes(maxValidity.toMinutes()).toString()).build());
        return maxValidity(careUnitId);
    }
}
