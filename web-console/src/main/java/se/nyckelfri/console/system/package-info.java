/** The console's sign-in (OpenID Connect, confidential client), session, language, headers and error pages. */
package se.nyckelfri.console.system;
