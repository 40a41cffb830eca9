/**
 * Who may open which door when: the care organisation, its people and doors, grants and the policy decision.
 */
package se.nyckelfri.access;
