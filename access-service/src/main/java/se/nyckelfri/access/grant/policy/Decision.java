package se.nyckelfri.access.grant.policy;

import java.util.Objects;
import java.util.UUID;

/**
 * The answer to "may this staff member open this lock now?".
 *
 * @param allowed whether to open
 * @param reason  {@code null} when allowed; otherwise why not
 * @param grantId the grant that allows it; {@code null} when denied
 */
public record Decision(boolean allowed, DenyReason reason, UUID grantId) {

    public Decision {
        if (allowed != (reason == null) || allowed != (grantId != null)) {
            throw new IllegalArgumentException("an allow names its grant and no reason; a deny a reason and no grant");
        }
    }

    public static Decision allow(UUID grantId) {
        return new Decision(true, null, Objects.requireNonNull(grantId));
    }

    public static Decision deny(DenyReason reason) {
        return new Decision(false, Objects.requireNonNull(reason), null);
    }
}
