/** The deviations staff report from the app: followed up by their unit's managers, read by auditors. */
package se.nyckelfri.console.deviation;
