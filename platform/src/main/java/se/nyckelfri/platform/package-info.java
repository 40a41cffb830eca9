/**
 * The backend application: composes the backend modules and supplies embedded defaults.
 */
package se.nyckelfri.platform;
