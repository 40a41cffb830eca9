/** Managers' view of their lock fleet: battery, last contact, gateway online or offline, refusals; worst first. */
package se.nyckelfri.console.fleet;
