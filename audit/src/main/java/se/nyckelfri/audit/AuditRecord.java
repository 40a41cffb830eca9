package se.nyckelfri.audit;

import java.time.Instant;

/** An {@link AuditEvent} as the log stored it: with its gap-free index and the time it was recorded. */
public record AuditRecord(long index, Instant recordedAt, AuditEvent event) {
}
