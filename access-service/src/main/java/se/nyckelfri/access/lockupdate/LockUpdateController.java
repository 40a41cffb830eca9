package se.nyckelfri.access.lockupdate;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/** The newest versions of what locks learn; an administrator starts an issuer key rotation here. */
@RestController
class LockUpdateController {

    private final LockUpdates updates;

    LockUpdateController(LockUpdates updates) {
        this.updates = updates;
    }

    record Versions(long revocationVersion, long trustAnchorVersion) { }

    @GetMapping("/api/v1/lock-updates")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
    Versions versions() {
        LockUpdates.Newest newest = updates.newest();
        return new Versions(newest.revocationVersion(), newest.trustAnchorVersion());
    }

    /**
     * Rotates the issuer key: a new signing key now, the previous one trusted for the overlap, and trust anchors
     * naming both pushed to every reachable lock (and carried by phones to the rest); audited.
     */
    @PostMapping("/api/v1/issuer-keys/rotate")
    @PreAuthorize("hasRole('ADMIN')")
    Versions rotate(@AuthenticationPrincipal Actor admin) {
        updates.rotateIssuerKey(admin.pseudonym());
        return versions();
    }
}
