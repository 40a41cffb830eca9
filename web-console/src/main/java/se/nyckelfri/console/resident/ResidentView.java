package se.nyckelfri.console.resident;

import java.util.UUID;

/** A resident as the console's pages show them to a manager of their care unit. Immutable. */
public record ResidentView(UUID id, String name, String pseudonym, String doorLabels, boolean consentActive, String careUnits) { }
