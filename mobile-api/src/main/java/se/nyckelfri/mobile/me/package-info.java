/**
 * "Me": the signed-in staff member's own profile and the residents they are granted.
 */
package se.nyckelfri.mobile.me;
