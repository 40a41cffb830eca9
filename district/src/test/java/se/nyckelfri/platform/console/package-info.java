/** The web console, driven in a real browser (headless Chromium) and checked with axe-core. */
package se.nyckelfri.platform.console;
