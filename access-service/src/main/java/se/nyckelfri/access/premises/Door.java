package se.nyckelfri.access.premises;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** A door that home-care staff pass through, and the residents whose home it leads to. */
@Entity
@Table(name = "door")
public class Door {

    /** A flat's own door, or a building entrance shared by many households. */
    public enum Kind { FLAT, ENTRANCE }

    @Id
    private UUID id;
    @Enumerated(EnumType.STRING)
    private Kind kind;
    private String label;
    private Instant createdAt;
    @Version
    private Long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "door_resident", joinColumns = @JoinColumn(name = "door_id"))
    @Column(name = "resident_id")
    private Set<UUID> residentIds = new HashSet<>();

    protected Door() {
    }

    Door(Kind kind, String label, Set<UUID> residentIds, Instant now) {
        this.id = UUID.randomUUID();
        this.kind = kind;
        this.label = label;
        this.residentIds = new HashSet<>(residentIds);
        this.createdAt = now;
    }

    void replaceResidents(Set<UUID> residentIds) {
        this.residentIds.clear();
        this.residentIds.addAll(residentIds);
    }

    public UUID getId() {
        return id;
    }

    public Kind getKind() {
        return kind;
    }

    public String getLabel() {
        return label;
    }

    public Set<UUID> getResidentIds() {
        return Set.copyOf(residentIds);
    }

    public Long getVersion() {
        return version;
    }
}
