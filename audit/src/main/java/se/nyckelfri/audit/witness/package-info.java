/**
 * A C2SP tlog-witness: cosigns a log's checkpoint only after verifying a consistency proof from the checkpoint it
 * cosigned last, and refuses rollbacks and forks. Runs in-process by default; its key and state live outside the
 * log's database, so a database superuser who rewrites history cannot also rewrite what the witness has seen.
 */
package se.nyckelfri.audit.witness;
