/** The staff app's "report a problem": a deviation about a door, with the lock's receipt or the app's error. */
package se.nyckelfri.mobile.deviation;
