/**
 * Overload protection: expensive reads (anomalies, log extracts, audit searches, planned versus actual, emergency
 * lists) run a few at a time, in all and per user, so that they can never take the connections and processors that door
 * openings need; what does not fit is answered 503 with {@code Retry-After}, as are a busy audit log and an exhausted
 * connection pool. See docs/design/overload.md.
 */
package se.nyckelfri.access.overload;
