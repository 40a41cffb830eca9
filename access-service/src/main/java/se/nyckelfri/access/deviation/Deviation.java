package se.nyckelfri.access.deviation;

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
 * One reported deviation and its follow-up: OPEN, then ACKNOWLEDGED by a manager, then (once or more) ACTIONED with
 * what was done, then CLOSED. Each step refuses to run out of order.
 */
@Entity
@Table(name = "deviation")
public class Deviation {

    /** Where a deviation stands in its follow-up. */
    public enum Status { OPEN, ACKNOWLEDGED, ACTIONED, CLOSED }

    @Id
    private UUID id;
    private UUID careUnitId;
    private UUID staffMemberId;
    private UUID lockId;
    @Enumerated(EnumType.STRING)
    private DeviationCause cause;
    private String note;
    private String errorCode;
    private byte[] receipt;
    private Long receiptCounter;
    private Instant reportedAt;
    @Enumerated(EnumType.STRING)
    private Status status;
    private String acknowledgedBy;
    private Instant acknowledgedAt;
    private String action;
    private String actionedBy;
    private Instant actionedAt;
    private String closedBy;
    private Instant closedAt;
    @Version
    private Long version;

    protected Deviation() {
    }

    Deviation(UUID careUnitId, UUID staffMemberId, UUID lockId, DeviationCause cause, String note, String errorCode,
              byte[] receipt, Long receiptCounter, Instant at) {
        this.id = UUID.randomUUID();
        this.careUnitId = careUnitId;
        this.staffMemberId = staffMemberId;
        this.lockId = lockId;
        this.cause = cause;
        this.note = note;
        this.errorCode = errorCode;
        this.receipt = receipt == null ? null : receipt.clone();
        this.receiptCounter = receiptCounter;
        this.reportedAt = at;
        this.status = Status.OPEN;
    }

    void acknowledge(String by, Instant at) {
        require(status == Status.OPEN, "acknowledged already");
        status = Status.ACKNOWLEDGED;
        acknowledgedBy = by;
        acknowledgedAt = at;
    }

    void recordAction(String by, String what, Instant at) {
        require(status == Status.ACKNOWLEDGED || status == Status.ACTIONED, "acknowledged first, and not closed");
        status = Status.ACTIONED;
        action = what;
        actionedBy = by;
        actionedAt = at;
    }

    void close(String by, Instant at) {
        require(status == Status.ACKNOWLEDGED || status == Status.ACTIONED, "acknowledged first, and closed once");
        status = Status.CLOSED;
        closedBy = by;
        closedAt = at;
    }

    private void require(boolean allowed, String rule) {
        if (!allowed) {
            throw new ConflictException("DEVIATION_" + status, "This deviation is " + status.name().toLowerCase() + ": " + rule + ".");
        }
    }

    public UUID getId() {
        return id;
    }

    public UUID getCareUnitId() {
        return careUnitId;
    }

    public UUID getStaffMemberId() {
        return staffMemberId;
    }

    public UUID getLockId() {
        return lockId;
    }

    public DeviationCause getCause() {
        return cause;
    }

    public String getNote() {
        return note;
    }

    public String getErrorCode() {
        return errorCode;
    }

    public Long getReceiptCounter() {
        return receiptCounter;
    }

    public boolean hasReceipt() {
        return receipt != null;
    }

    public Instant getReportedAt() {
        return reportedAt;
    }

    public Status getStatus() {
        return status;
    }

    public String getAcknowledgedBy() {
        return acknowledgedBy;
    }

    public Instant getAcknowledgedAt() {
        return acknowledgedAt;
    }

    public String getAction() {
        return action;
    }

    public String getActionedBy() {
        return actionedBy;
    }

    public Instant getActionedAt() {
        return actionedAt;
    }

    public String getClosedBy() {
        return closedBy;
    }

    public Instant getClosedAt() {
        return closedAt;
    }

    public Long getVersion() {
        return version;
    }
}
