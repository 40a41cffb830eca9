/**
 * The policy decision: may this staff member open this lock at this instant? Allow with the grant that allows
 * it, or deny with a reason code. The rule itself is a pure function ({@link se.nyckelfri.access.policy.AccessPolicy});
 * the facts come from one indexed lookup.
 */
package se.nyckelfri.access.policy;
