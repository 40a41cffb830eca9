/**
 * The outside auditor's command-line verifier: checks checkpoints, re-derives the whole tree from the entries
 * (fsck), verifies tlog-proof bundles and consistency between saved checkpoints, trusting only the keys given.
 */
package se.nyckelfri.audit.verifier;
