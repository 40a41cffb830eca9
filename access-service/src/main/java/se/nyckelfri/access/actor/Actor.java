package se.nyckelfri.access.actor;

import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller as the access service sees it.
 *
 * @param subject       the identity provider's subject ({@code sub})
 * @param pseudonym     what the audit log records instead of a name
 * @param role          the caller's role
 * @param careUnits     for a manager, the care units they administer; empty for other roles
 * @param staffMemberId for staff, their staff record; {@code null} otherwise
 */
public record Actor(String subject, String pseudonym, Role role, Set<UUID> careUnits, UUID staffMemberId) {

    public Actor {
        careUnits = Set.copyOf(careUnits);
    }

    /** Whether this actor may act on something that belongs to any of {@code units}. */
    public boolean administers(Set<UUID> units) {
        return switch (role) {
            case ADMIN -> true;
            case MANAGER -> units.stream().anyMatch(careUnits::contains);
            case STAFF, AUDITOR -> false;
        };
    }

    /** Whether this actor may read something that belongs to any of {@code units}. */
    public boolean mayRead(Set<UUID> units) {
        return role == Role.AUDITOR || administers(units);
    }
}
