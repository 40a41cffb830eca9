/**
 * The issuer's archive: every credential exactly as signed, for auditors to check against the audit log. Owns the
 * table {@code issued_credential} (this module's changelog, {@code db/changelog/issuer}).
 */
package se.nyckelfri.keyissuer.archive;
