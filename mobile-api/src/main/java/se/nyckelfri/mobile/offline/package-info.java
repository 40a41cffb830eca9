/**
 * The staff app's phone and offline API: register the phone's key, block it, sync offline credentials with the
 * newest signed lock updates to carry, and upload the receipts of doors opened without network.
 */
package se.nyckelfri.mobile.offline;
