/**
 * Issuer keys and credential signing; nothing leaves unsigned by an audited issuance (filled by the unlock issue).
 */
package se.nyckelfri.keyissuer;
