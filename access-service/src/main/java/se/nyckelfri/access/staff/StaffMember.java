package se.nyckelfri.access.staff;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import se.nyckelfri.access.system.ConflictException;

/** A person employed in a care unit who may be granted access to residents' doors. */
@Entity
@Table(name = "staff_member")
public class StaffMember {

    /** Whether the person still works here. */
    public enum EmploymentStatus { ACTIVE, ENDED }

    @Id
    private UUID id;
    private String pseudonym;
    private UUID careUnitId;
    private String displayName;
    @Enumerated(EnumType.STRING)
    private EmploymentStatus employmentStatus;
    private Instant employmentEndedAt;
    private Instant createdAt;
    @Version
    private Long version;

    protected StaffMember() {
    }

    public StaffMember(UUID careUnitId, String displayName, String pseudonym, Instant now) {
        this.id = UUID.randomUUID();
        this.pseudonym = pseudonym;
        this.careUnitId = careUnitId;
        this.displayName = displayName;
        this.employmentStatus = EmploymentStatus.ACTIVE;
        this.createdAt = now;
    }

    /** Ends the employment at {@code at}; refused if it has ended already. */
    public void endEmployment(Instant at) {
        if (employmentStatus == EmploymentStatus.ENDED) {
            throw new ConflictException("EMPLOYMENT_ALREADY_ENDED", "This employment has already ended.");
        }
        employmentStatus = EmploymentStatus.ENDED;
        employmentEndedAt = at;
    }

    public void rename(String displayName) {
        this.displayName = displayName;
    }

    public boolean isActive() {
        return employmentStatus == EmploymentStatus.ACTIVE;
    }

    public UUID getId() {
        return id;
    }

    public String getPseudonym() {
        return pseudonym;
    }

    public UUID getCareUnitId() {
        return careUnitId;
    }

    public String getDisplayName() {
        return displayName;
    }

    public EmploymentStatus getEmploymentStatus() {
        return employmentStatus;
    }

    public Instant getEmploymentEndedAt() {
        return employmentEndedAt;
    }

    public Long getVersion() {
        return version;
    }
}
