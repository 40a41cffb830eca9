/** Managers' pages for granting access (with a preview in plain words) and revoking it. */
package se.nyckelfri.console.grant;
