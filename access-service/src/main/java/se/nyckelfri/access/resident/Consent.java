package se.nyckelfri.access.resident;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import se.nyckelfri.access.system.ConflictException;

/**
 * A resident's consent to a digital lock in home care (SoL 4 kap. 2 c §): who gave it and when, who recorded it,
 * and whether and why it was withdrawn. Without an active consent no grant for the resident works.
 */
@Entity
@Table(name = "consent")
public class Consent {

    /** Who gave the consent. */
    public enum GivenBy { RESIDENT, GUARDIAN, POWER_OF_ATTORNEY }

    @Id
    private UUID id;
    private UUID residentId;
    @Enumerated(EnumType.STRING)
    private GivenBy givenBy;
    private LocalDate givenOn;
    private String recordedBy;
    private Instant recordedAt;
    private Instant withdrawnAt;
    private String withdrawnBy;
    private String withdrawalReason;
    @Version
    private Long version;

    protected Consent() {
    }

    Consent(UUID residentId, GivenBy givenBy, LocalDate givenOn, String recordedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.residentId = residentId;
        this.givenBy = givenBy;
        this.givenOn = givenOn;
        this.recordedBy = recordedBy;
        this.recordedAt = now;
    }

    /** Withdraws this consent now; refused if it already was. */
    void withdraw(String byPseudonym, String reason, Instant at) {
        if (withdrawnAt != null) {
            throw new ConflictException("CONSENT_ALREADY_WITHDRAWN", "This consent has already been withdrawn.");
        }
        this.withdrawnAt = at;
        this.withdrawnBy = byPseudonym;
        this.withdrawalReason = reason;
    }

    public boolean isActive() {
        return withdrawnAt == null;
    }

    public UUID getId() {
        return id;
    }

    public UUID getResidentId() {
        return residentId;
    }

    public GivenBy getGivenBy() {
        return givenBy;
    }

    public LocalDate getGivenOn() {
        return givenOn;
    }

    public String getRecordedBy() {
        return recordedBy;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }

    public Instant getWithdrawnAt() {
        return withdrawnAt;
    }

    public String getWithdrawnBy() {
        return withdrawnBy;
    }

    public String getWithdrawalReason() {
        return withdrawalReason;
    }

    public Long getVersion() {
        return version;
    }
}
