package se.nyckelfri.access.staff;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.organisation.CareProvider;
import se.nyckelfri.access.organisation.CareProviders;
import se.nyckelfri.access.organisation.CareUnit;
import se.nyckelfri.access.organisation.CareUnits;

/**
 * Who is behind an account pseudonym, as the audit log names actors: for the review pages and extracts that show a
 * person where the log has a pseudonym. Reads through the account, staff and organisation modules' APIs. Thread-safe.
 */
@Component
public class People {

    private final Accounts accounts;
    private final StaffMembers staff;
    private final CareUnits units;
    private final CareProviders providers;

    People(Accounts accounts, StaffMembers staff, CareUnits units, CareProviders providers) {
        this.accounts = accounts;
        this.staff = staff;
        this.units = units;
        this.providers = providers;
    }

    /**
     * The role, and for staff the staff member, their name and care unit; for a manager the first of their units.
     * Blank strings and {@code null} ids where there is nothing to say.
     */
    public record Person(String role, UUID staffMemberId, String name, UUID careUnitId, String careUnit, String careProvider) { }

    /** The person behind account pseudonym {@code pseudonym}, enabled or not (the log outlives accounts), if any. */
    public Optional<Person> byAccountPseudonym(String pseudonym) {
        return accounts.byPseudonym(pseudonym).map(account -> {
            StaffMember member = account.staffMemberId() == null ? null : staff.findById(account.staffMemberId()).orElse(null);
            UUID unitId = member != null ? member.getCareUnitId() : account.firstCareUnitId();
            CareUnit unit = unitId == null ? null : units.findById(unitId).orElse(null);
            CareProvider provider = unit == null ? null : providers.findById(unit.getProviderId()).orElse(null);
            return new Person(account.role().name(), member == null ? null : member.getId(),
                    member == null ? "" : member.getDisplayName(), unit == null ? null : unit.getId(),
                    unit == null ? "" : unit.getName(), provider == null ? "" : provider.getName());
        });
    }

    /** Staff member {@code id}: role STAFF, their name, unit and provider. */
    public Optional<Person> byStaffMember(UUID id) {
        return staff.findById(id).map(member -> {
            Person unit = team(member.getCareUnitId()).orElse(new Person("STAFF", null, "", null, "", ""));
            return new Person("STAFF", member.getId(), member.getDisplayName(), unit.careUnitId(), unit.careUnit(), unit.careProvider());
        });
    }

    /** A care unit as a grantee (a whole team): its name and provider. */
    public Optional<Person> team(UUID careUnitId) {
        return careUnitId == null ? Optional.empty() : units.findById(careUnitId).map(unit -> {
            CareProvider provider = providers.findById(unit.getProviderId()).orElse(null);
            return new Person("TEAM", null, "", unit.getId(), unit.getName(), provider == null ? "" : provider.getName());
        });
    }
}
