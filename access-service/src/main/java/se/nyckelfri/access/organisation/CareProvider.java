package se.nyckelfri.access.organisation;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** An organisation that delivers care in the municipality (utförare). */
@Entity
@Table(name = "care_provider")
public class CareProvider {

    /** What kind of provider this is. */
    public enum Kind { MUNICIPAL, PRIVATE_LOV, NIGHT_PATROL, ALARM_RESPONSE }

    @Id
    private UUID id;
    private UUID municipalityId;
    private String name;
    @Enumerated(EnumType.STRING)
    private Kind kind;

    protected CareProvider() {
    }

    public CareProvider(UUID municipalityId, String name, Kind kind) {
        this.id = UUID.randomUUID();
        this.municipalityId = municipalityId;
        this.name = name;
        this.kind = kind;
    }

    public UUID getId() {
        return id;
    }

    public UUID getMunicipalityId() {
        return municipalityId;
    }

    public String getName() {
        return name;
    }

    public Kind getKind() {
        return kind;
    }
}
