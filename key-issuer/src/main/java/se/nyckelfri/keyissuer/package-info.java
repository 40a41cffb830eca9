/**
 * Issuer keys and credential signing; nothing leaves unsigned by an audited issuance.
 */
package se.nyckelfri.keyissuer;
