/**
 * The log on PostgreSQL: the sequencer (batched, gap-free, durable appends), the integrator (tiles), the
 * checkpointer (signed, witnessed checkpoints), per-resident keys for erasable openings, and reads.
 */
package se.nyckelfri.audit.store;
