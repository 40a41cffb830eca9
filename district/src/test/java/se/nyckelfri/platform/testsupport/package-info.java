/**
 * Test support for the platform's integration tests: one shared application context on real embedded
 * PostgreSQL, token minting, a small HTTP client and fixture builders.
 */
package se.nyckelfri.platform.testsupport;
