/**
 * The auditors' read access to the audit log; every read is itself appended to the log.
 */
package se.nyckelfri.access.audittrail;
