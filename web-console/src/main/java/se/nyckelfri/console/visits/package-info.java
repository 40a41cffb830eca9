/** Managers' page of planned versus actual visits for a day. */
package se.nyckelfri.console.visits;
