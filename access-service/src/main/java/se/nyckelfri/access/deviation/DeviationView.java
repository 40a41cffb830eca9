package se.nyckelfri.access.deviation;

import java.time.Instant;
import java.util.UUID;

/** A deviation as the APIs show it: the reporter's note to those who follow it up, and each step's who and when. */
public record DeviationView(UUID id, UUID careUnitId, UUID staffMemberId, String reporter, UUID lockId, String door,
                            DeviationCause cause, String note, String errorCode, Long receiptCounter, Instant reportedAt,
                            Deviation.Status status, String acknowledgedBy, Instant acknowledgedAt, String action,
                            String actionedBy, Instant actionedAt, String closedBy, Instant closedAt, long version) {

    public static DeviationView of(DeviationService.Row row) {
        Deviation d = row.deviation();
        return new DeviationView(d.getId(), d.getCareUnitId(), d.getStaffMemberId(), row.reporter(), d.getLockId(), row.door(),
                d.getCause(), d.getNote(), d.getErrorCode(), d.getReceiptCounter(), d.getReportedAt(), d.getStatus(),
                d.getAcknowledgedBy(), d.getAcknowledgedAt(), d.getAction(), d.getActionedBy(), d.getActionedAt(),
                d.getClosedBy(), d.getClosedAt(), d.getVersion());
    }
}
