/**
 * The policy decision: may this staff member open this lock at this instant? Allow with the grant that allows
 * it, or deny with a reason code. The rule itself is a pure function ({@link se.nyckelfri.access.grant.policy.AccessPolicy});
 * the facts come from one indexed lookup over the grant module's tables and the views premises, staff and resident
 * publish. Part of the grant module, open to the others as its named interface {@code policy}: the one answer to
 * "who may open which door now".
 */
@NamedInterface("policy")
package se.nyckelfri.access.grant.policy;

import org.springframework.modulith.NamedInterface;
