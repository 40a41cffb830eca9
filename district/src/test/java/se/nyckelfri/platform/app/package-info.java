/** The staff app in a real browser (headless Chromium at phone size), against the whole platform and a simulated home. */
package se.nyckelfri.platform.app;
