/**
 * The audit log's HTTP face, every C2SP endpoint under one root, {@code /api/v1/audit/log} (docs/design/audit-log.md,
 * "Endpoints"): the checkpoint and the verifier keys, hash tiles and entry bundles (tlog-tiles), inclusion proofs (JSON
 * and tlog-proof) and consistency proofs, and the in-process witness (tlog-witness). Auditors' searches and extracts
 * stay with the access service's audit trail.
 */
package se.nyckelfri.audit.http;
