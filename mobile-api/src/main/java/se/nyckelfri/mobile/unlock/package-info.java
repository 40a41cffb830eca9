/**
 * The staff API's doors: {@code POST /api/v1/unlocks}, {@code /emergency-unlocks} and {@code /relocks}, each the
 * unlocking module's ({@link se.nyckelfri.access.unlocking}) outcome mapped to HTTP and nothing else.
 */
package se.nyckelfri.mobile.unlock;
