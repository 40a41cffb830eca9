package se.nyckelfri.access.organisation;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A municipality (kommun), which buys home care for its residents. */
@Entity
@Table(name = "municipality")
public class Municipality {

    @Id
    private UUID id;
    private String name;

    protected Municipality() {
    }

    public Municipality(String name) {
        this.id = UUID.randomUUID();
        this.name = name;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
