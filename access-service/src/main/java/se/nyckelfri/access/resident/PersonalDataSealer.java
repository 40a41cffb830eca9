package se.nyckelfri.access.resident;

import java.util.UUID;

/**
 * Protects residents' personal data at rest. Implementations MUST use authenticated encryption bound to the
 * resident and field (a sealed value copied to another resident or field MUST fail to open), MUST keep their keys
 * outside the database, and MUST give a keyed, not a plain, hash for lookups. Thread-safe.
 */
public interface PersonalDataSealer {

    byte[] seal(UUID residentId, String field, String plaintext);

    String open(UUID residentId, String field, byte[] sealed);

    /** A keyed digest of {@code number} for finding a resident by it without storing it in clear. */
    byte[] lookupKey(PersonalIdentityNumber number);
}
