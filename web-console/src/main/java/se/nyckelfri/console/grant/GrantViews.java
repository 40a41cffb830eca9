package se.nyckelfri.console.grant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.grant.AccessGrant;
import se.nyckelfri.access.grant.GrantService;
import se.nyckelfri.access.premises.Door;
import se.nyckelfri.access.premises.PremisesService;
import se.nyckelfri.access.resident.ResidentService;
import se.nyckelfri.access.staff.StaffMember;
import se.nyckelfri.access.staff.StaffService;
import se.nyckelfri.console.system.CareUnitNames;
import se.nyckelfri.console.system.ConsoleTime;

/**
 * What the pages show about grants, from the services alone (each applies its own scope rule): a resident's grants
 * with who, when, why and by whom, and whom a manager may grant access to. Thread-safe.
 */
@Component
public class GrantViews {

    /** The resident a grant is about, as the grant pages name them. */
    public record Subject(UUID id, String name, String doorLabels) { }

    /** A choice in a list: its form value and what the user reads. */
    public record Option(String value, String label) { }

    /** Who has (or had) access and why: one grant. */
    public record Row(UUID id, String who, String when, String purpose, String grantedBy, String grantedAt,
                      boolean revoked, String revokedAt, String revokedBy, String revokeReason) { }

    private final ResidentService residents;
    private final PremisesService premises;
    private final GrantService grants;
    private final StaffService staff;
    private final CareUnitNames units;
    private final GrantWording wording;
    private final MessageSource messages;

    GrantViews(ResidentService residents, PremisesService premises, GrantService grants, StaffService staff,
               CareUnitNames units, GrantWording wording, MessageSource messages) {
        this.residents = residents;
        this.premises = premises;
        this.grants = grants;
        this.staff = staff;
        this.units = units;
        this.wording = wording;
        this.messages = messages;
    }

    public Subject subject(Actor actor, UUID residentId) {
        String name = residents.get(actor, residentId).name();
        String doors = premises.doorsOf(actor, residentId).stream().map(Door::getLabel).sorted().collect(Collectors.joining(", "));
        return new Subject(residentId, name, doors);
    }

    /** The resident's grants, live ones first, newest first within each. */
    public List<Row> ofResident(Actor actor, UUID residentId, Locale locale) {
        List<AccessGrant> all = new ArrayList<>(grants.forResident(actor, residentId));
        all.sort(Comparator.comparing(AccessGrant::isRevoked).thenComparing(AccessGrant::getGrantedAt, Comparator.reverseOrder()));
        return all.stream().map(g -> new Row(g.getId(),
                granteeName(actor, new AccessGrant.Grantee(g.getStaffMemberId(), g.getCareUnitId()), locale),
                wording.when(g.schedule(), locale), g.getPurpose(), g.getGrantedBy(), ConsoleTime.of(g.getGrantedAt()),
                g.isRevoked(), ConsoleTime.of(g.getRevokedAt()), g.getRevokedBy(), g.getRevokeReason())).toList();
    }

    /** Whom the actor may grant access to this resident: each of their units as a team, and its staff in employment. */
    public List<Option> grantees(Actor actor, UUID residentId, Locale locale) {
        Set<UUID> residentUnits = residents.get(actor, residentId).resident().getCareUnitIds();
        List<Option> options = new ArrayList<>();
        for (UUID unit : residentUnits) {
            if (!actor.administers(Set.of(unit))) {
                continue;
            }
            options.add(new Option("team:" + unit, messages.getMessage("grant.team", new Object[] {units.name(unit)}, locale)));
            for (StaffMember member : staff.ofUnit(actor, unit)) {
                if (member.isActive()) {
                    options.add(new Option("staff:" + member.getId(), member.getDisplayName()));
                }
            }
        }
        return options;
    }

    /** A grantee in words: the staff member's name, or "everyone in <unit>". */
    public String granteeName(Actor actor, AccessGrant.Grantee grantee, Locale locale) {
        if (grantee.staffMemberId() != null) {
            return staff.get(actor, grantee.staffMemberId()).getDisplayName();
        }
        return messages.getMessage("grant.team", new Object[] {units.name(grantee.careUnitId())}, locale);
    }
}
