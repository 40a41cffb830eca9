/**
 * The audit log's public surface: what callers append and how they read it back.
 */
package se.nyckelfri.audit;
