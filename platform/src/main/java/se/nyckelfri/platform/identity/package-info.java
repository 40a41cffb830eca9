/**
 * The embedded OpenID Connect provider (Spring Authorization Server): sign-in, clients (the staff app with PKCE,
 * the web console, a command-line client), ES256 token signing with a key made at first start. Replaced by any
 * external OIDC provider when {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} is set.
 */
package se.nyckelfri.platform.identity;
