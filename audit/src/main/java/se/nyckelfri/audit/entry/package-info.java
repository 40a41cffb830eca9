/**
 * The log's entries as hashed bytes: a versioned, length-prefixed binary encoding (never JSON), with personal
 * data only as salted commitments whose openings live outside the log.
 */
package se.nyckelfri.audit.entry;
