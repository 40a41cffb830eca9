package se.nyckelfri.access.resident;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import se.nyckelfri.access.system.ConflictException;

/**
 * A person receiving home care. Known to the rest of the system by id and pseudonym only; name and personal
 * identity number are kept sealed (see {@link PersonalDataSealer}).
 */
@Entity
@Table(name = "resident")
public class Resident {

    @Id
    private UUID id;
    private String pseudonym;
    private byte[] nameSealed;
    private byte[] pinSealed;
    private byte[] pinLookup;
    private Instant createdAt;
    @Version
    private Long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "resident_care_unit", joinColumns = @JoinColumn(name = "resident_id"))
    @Column(name = "care_unit_id")
    private Set<UUID> careUnitIds = new HashSet<>();

    protected Resident() {
    }

    Resident(UUID id, String pseudonym, byte[] nameSealed, byte[] pinSealed, byte[] pinLookup,
             Set<UUID> careUnitIds, Instant now) {
        this.id = id;
        this.pseudonym = pseudonym;
        this.nameSealed = nameSealed;
        this.pinSealed = pinSealed;
        this.pinLookup = pinLookup;
        this.careUnitIds = new HashSet<>(careUnitIds);
        this.createdAt = now;
    }

    void addCareUnit(UUID careUnitId) {
        if (!careUnitIds.add(careUnitId)) {
            throw new ConflictException("ALREADY_SERVED", "This care unit already serves the resident.");
        }
    }

    void reseal(byte[] nameSealed) {
        this.nameSealed = nameSealed;
    }

    public UUID getId() {
        return id;
    }

    public String getPseudonym() {
        return pseudonym;
    }

    byte[] getNameSealed() {
        return nameSealed;
    }

    byte[] getPinSealed() {
        return pinSealed;
    }

    public Set<UUID> getCareUnitIds() {
        return Set.copyOf(careUnitIds);
    }

    public Long getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
