/**
 * The CredentialSigner boundary and its in-process implementation.
 */
package se.nyckelfri.keyissuer.signing;
