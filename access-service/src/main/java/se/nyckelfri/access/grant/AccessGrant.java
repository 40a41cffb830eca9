package se.nyckelfri.access.grant;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.nyckelfri.access.system.ConflictException;

/**
 * Permission for one staff member, or every member of one care unit, to enter one resident's home (all the doors
 * that lead to it) according to a {@link Schedule}. A grant is never edited: it is revoked and a new one made,
 * so the audit log tells the whole story.
 */
@Entity
@Table(name = "access_grant")
public class AccessGrant {

    @Id
    private UUID id;
    private UUID residentId;
    private UUID staffMemberId;
    private UUID careUnitId;
    @Enumerated(EnumType.STRING)
    private GrantKind kind;
    private Instant validFrom;
    private Instant validUntil;
    private Instant visitAt;
    private Integer toleranceMinutes;
    private String purpose;
    private String grantedBy;
    private Instant grantedAt;
    private Instant revokedAt;
    private String revokedBy;
    private String revokeReason;
    @Version
    private Long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "grant_window", joinColumns = @JoinColumn(name = "grant_id"))
    private List<WeeklyWindow> windows = new ArrayList<>();

    protected AccessGrant() {
    }

    /** Who the grant is for: exactly one of a staff member or a care unit. */
    public record Grantee(UUID staffMemberId, UUID careUnitId) {
        public Grantee {
            if ((staffMemberId == null) == (careUnitId == null)) {
                throw new IllegalArgumentException("a grant is for a staff member or a care unit, not both or neither");
            }
        }

        public static Grantee staff(UUID id) {
            return new Grantee(id, null);
        }

        public static Grantee team(UUID careUnitId) {
            return new Grantee(null, careUnitId);
        }
    }

    AccessGrant(UUID residentId, Grantee grantee, Schedule schedule, Instant visitAt, Duration tolerance,
                String purpose, String grantedBy, Instant now) {
        this.id = UUID.randomUUID();
        this.residentId = residentId;
        this.staffMemberId = grantee.staffMemberId();
        this.careUnitId = grantee.careUnitId();
        this.kind = schedule.kind();
        this.validFrom = schedule.validFrom();
        this.validUntil = schedule.validUntil();
        this.windows = new ArrayList<>(schedule.windows());
        this.visitAt = visitAt;
        this.toleranceMinutes = tolerance == null ? null : (int) tolerance.toMinutes();
        this.purpose = purpose;
        this.grantedBy = grantedBy;
        this.grantedAt = now;
    }

    /** Revokes the grant from {@code at} on; refused if it already was. */
    public void revoke(String byPseudonym, String reason, Instant at) {
        if (revokedAt != null) {
            throw new ConflictException("GRANT_ALREADY_REVOKED", "This grant has already been revoked.");
        }
        this.revokedAt = at;
        this.revokedBy = byPseudonym;
        this.revokeReason = reason;
    }

    public Schedule schedule() {
        return new Schedule(kind, validFrom, validUntil, windows);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public UUID getId() {
        return id;
    }

    public UUID getResidentId() {
        return residentId;
    }

    public UUID getStaffMemberId() {
        return staffMemberId;
    }

    public UUID getCareUnitId() {
        return careUnitId;
    }

    public GrantKind getKind() {
        return kind;
    }

    public Instant getValidFrom() {
        return validFrom;
    }

    public Instant getValidUntil() {
        return validUntil;
    }

    public Instant getVisitAt() {
        return visitAt;
    }

    public Integer getToleranceMinutes() {
        return toleranceMinutes;
    }

    public List<WeeklyWindow> getWindows() {
        return List.copyOf(windows);
    }

    public String getPurpose() {
        return purpose;
    }

    public String getGrantedBy() {
        return grantedBy;
    }

    public Instant getGrantedAt() {
        return grantedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public String getRevokedBy() {
        return revokedBy;
    }

    public String getRevokeReason() {
        return revokeReason;
    }

    public Long getVersion() {
        return version;
    }
}
