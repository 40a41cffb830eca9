/**
 * Store-and-forward: receipts read from the locks are journalled on the gateway's disk and delivered to the backend
 * when it is reachable, until acknowledged; the backend keeps each once (by lock and counter).
 */
package se.nyckelfri.gateway.journal;
