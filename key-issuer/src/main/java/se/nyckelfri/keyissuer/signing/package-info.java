/**
 * The CredentialSigner boundary and its in-process implementation (filled by the unlock issue).
 */
package se.nyckelfri.keyissuer.signing;
