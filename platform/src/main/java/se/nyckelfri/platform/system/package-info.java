/**
 * Cross-cutting configuration of the platform: sign-in pages, public endpoints (health, API description), users
 * of the embedded identity provider.
 */
package se.nyckelfri.platform.system;
