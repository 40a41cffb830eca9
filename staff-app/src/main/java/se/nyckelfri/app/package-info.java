/** The staff app, served by the platform: its files under {@code static/app} and how they are served. */
package se.nyckelfri.app;
