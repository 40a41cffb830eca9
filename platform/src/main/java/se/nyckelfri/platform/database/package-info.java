/**
 * The embedded PostgreSQL of the default run: started only when no external database is configured.
 */
package se.nyckelfri.platform.database;
