/** Auditors' pages: searching the audit log, and one entry verified against the newest cosigned checkpoint. */
package se.nyckelfri.console.audit;
