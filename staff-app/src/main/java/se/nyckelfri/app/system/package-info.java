/** How the platform serves the staff app: its path, its security headers, its service worker's scope. */
package se.nyckelfri.app.system;
