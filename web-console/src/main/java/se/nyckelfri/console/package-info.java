/**
 * The web console for care-unit managers and auditors: server-rendered pages in Swedish and English that call the
 * same services, with the same rules, as the REST API.
 */
package se.nyckelfri.console;
