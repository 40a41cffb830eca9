package se.nyckelfri.access.organisation;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A team of a care provider (hemtjänstgrupp), led by a care-unit manager. */
@Entity
@Table(name = "care_unit")
public class CareUnit {

    @Id
    private UUID id;
    private UUID providerId;
    private String name;

    protected CareUnit() {
    }

    public CareUnit(UUID providerId, String name) {
        this.id = UUID.randomUUID();
        this.providerId = providerId;
        this.name = name;
    }

    public UUID getId() {
        return id;
    }

    public UUID getProviderId() {
        return providerId;
    }

    public String getName() {
        return name;
    }
}
