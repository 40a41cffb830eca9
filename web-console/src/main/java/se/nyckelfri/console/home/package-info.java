/** The console's start page: what the signed-in manager or auditor can do, by role. */
package se.nyckelfri.console.home;
