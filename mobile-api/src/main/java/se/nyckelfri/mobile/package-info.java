/**
 * The staff app's API: my residents and visits, unlock, lock again.
 */
package se.nyckelfri.mobile;
