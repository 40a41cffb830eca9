/**
 * Cross-cutting support for the access service: error responses as RFC 9457 problem+json, secret files,
 * the clock and persistence configuration.
 */
package se.nyckelfri.access.system;
