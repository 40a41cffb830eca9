package se.nyckelfri.access.resident;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import se.nyckelfri.access.system.ConflictException;

/**
 * A care unit's request to start serving a resident that other units already serve. Decided once, by a unit that
 * serves the resident or by an administrator; only an approval attaches the unit to the resident.
 */
@Entity
@Table(name = "resident_service_request")
public class ServiceRequest {

    /** Where a request stands. */
    public enum Status { PENDING, APPROVED, DECLINED }

    @Id
    private UUID id;
    private UUID residentId;
    private UUID careUnitId;
    @Enumerated(EnumType.STRING)
    private Status status;
    private String requestedBy;
    private Instant requestedAt;
    private String decidedBy;
    private Instant decidedAt;
    private String decisionReason;
    @Version
    private Long version;

    protected ServiceRequest() {
    }

    ServiceRequest(UUID residentId, UUID careUnitId, String requestedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.residentId = residentId;
        this.careUnitId = careUnitId;
        this.status = Status.PENDING;
        this.requestedBy = requestedBy;
        this.requestedAt = now;
    }

    void approve(String by, Instant at) {
        decide(Status.APPROVED, by, null, at);
    }

    void decline(String by, String reason, Instant at) {
        decide(Status.DECLINED, by, reason, at);
    }

    private void decide(Status outcome, String by, String reason, Instant at) {
        if (status != Status.PENDING) {
            throw new ConflictException("SERVICE_REQUEST_DECIDED", "This request was already " + status.name().toLowerCase() + ".");
        }
        this.status = outcome;
        this.decidedBy = by;
        this.decisionReason = reason;
        this.decidedAt = at;
    }

    public UUID getId() {
        return id;
    }

    public UUID getResidentId() {
        return residentId;
    }

    public UUID getCareUnitId() {
        return careUnitId;
    }

    public Status getStatus() {
        return status;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    public Instant getDecidedAt() {
        return decidedAt;
    }

    public String getDecisionReason() {
        return decisionReason;
    }

    public long getVersion() {
        return version == null ? 0 : version;
    }
}
