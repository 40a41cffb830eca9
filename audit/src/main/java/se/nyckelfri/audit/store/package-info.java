/**
 * The durable PostgreSQL store behind {@link se.nyckelfri.audit.AuditLog}: one row per record, gap-free
 * indices from a counter row that commits or rolls back with the caller's transaction.
 */
package se.nyckelfri.audit.store;
