/**
 * The log on PostgreSQL, in layers as Tessera keeps them: {@link se.nyckelfri.audit.store.MerkleAuditLog} is the
 * face the application uses; the batching queue is the {@link se.nyckelfri.audit.store.Sequencer} (batched, gap-free,
 * durable appends) with the transactional {@link se.nyckelfri.audit.store.Outbox} and the
 * {@link se.nyckelfri.audit.store.EntryPlacement} (commitments, per-lock chaining); the storage driver is the
 * integrator (tiles), the checkpointer (signed, witnessed checkpoints) and the tile store, run by
 * {@link se.nyckelfri.audit.store.LogTasks}; the reads are {@link se.nyckelfri.audit.store.LogReader}'s; per-resident
 * keys make openings erasable.
 */
package se.nyckelfri.audit.store;
