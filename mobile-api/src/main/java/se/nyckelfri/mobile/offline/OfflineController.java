package se.nyckelfri.mobile.offline;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.device.DeviceService;
import se.nyckelfri.access.device.DeviceView;
import se.nyckelfri.access.lockupdate.LockUpdates;
import se.nyckelfri.access.offline.OfflineSync;
import se.nyckelfri.access.system.InvalidInputException;

/**
 * A staff member's phones and what they carry. Binary values travel as base64url without padding: a phone's public
 * key (a compressed P-256 point, 33 bytes), credentials, signed lock updates and receipts.
 */
@RestController
@RequestMapping("/api/v1/me")
@PreAuthorize("hasRole('STAFF')")
class OfflineController {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final DeviceService devices;
    private final OfflineSync offline;
    private final LockUpdates updates;

    OfflineController(DeviceService devices, OfflineSync offline, LockUpdates updates) {
        this.devices = devices;
        this.offline = offline;
        this.updates = updates;
    }

    record NewDevice(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 100) String publicKey) { }

    /** Registers this phone's public key, made on the phone (the private key never leaves it). */
    @PostMapping("/devices")
    @ResponseStatus(HttpStatus.CREATED)
    DeviceView register(@Valid @RequestBody NewDevice body, @AuthenticationPrincipal Actor actor) {
        return DeviceView.of(devices.register(actor, body.name(), decode("publicKey", body.publicKey())));
    }

    @GetMapping("/devices")
    List<DeviceView> mine(@AuthenticationPrincipal Actor actor) {
        return devices.mine(actor).stream().map(DeviceView::of).toList();
    }

    /** Blocks one of your own phones (lost, stolen): immediately here, and at the locks as soon as they hear. */
    @PostMapping("/devices/{deviceId}/block")
    DeviceView block(@PathVariable UUID deviceId, @Valid @RequestBody DeviceView.Block body, @AuthenticationPrincipal Actor actor) {
        return DeviceView.of(devices.block(actor, deviceId, body.reason(), body.version()));
    }

    record Credential(UUID lockId, UUID residentId, UUID grantId, Instant notBefore, Instant expiry, String credential) { }

    record Carry(long version, String update) { }

    record Sync(UUID deviceId, Instant syncedAt, List<Credential> credentials, Carry revocations, Carry trustAnchors) { }

    record SyncRequest(@NotNull UUID deviceId) { }

    /**
     * Credentials for the doors you may open in the coming hours, bound to this phone's key, and the newest signed
     * updates to hand to every lock you visit. Sync at the start of a shift and whenever the network returns.
     */
    @PostMapping("/offline-credentials")
    Sync sync(@Valid @RequestBody SyncRequest body, @AuthenticationPrincipal Actor actor) {
        List<Credential> credentials = offline.sync(actor, body.deviceId()).stream().map(c -> new Credential(c.lockId(),
                c.residentId(), c.grantId(), c.notBefore(), c.expiry(), B64.encodeToString(c.credential()))).toList();
        LockUpdates.Newest newest = updates.newest();
        return new Sync(body.deviceId(), Instant.now(), credentials,
                newest.revocations() == null ? null : new Carry(newest.revocationVersion(), B64.encodeToString(newest.revocations())),
                newest.trustAnchors() == null ? null : new Carry(newest.trustAnchorVersion(), B64.encodeToString(newest.trustAnchors())));
    }

    record CarriedReceipt(@NotNull UUID lockId, @NotBlank @Size(max = 1000) String receipt) { }

    record Upload(@NotNull UUID deviceId, @NotNull @Size(max = OfflineSync.MAX_RECEIPTS) List<@Valid @NotNull CarriedReceipt> receipts) { }

    record Uploaded(List<OfflineSync.Taken> receipts) { }

    /** The receipts of doors opened (or refused) while offline: each verified against its lock's key and kept once. */
    @PostMapping("/receipts")
    Uploaded receipts(@Valid @RequestBody Upload body, @AuthenticationPrincipal Actor actor) {
        return new Uploaded(offline.receipts(actor, body.deviceId(), body.receipts().stream()
                .map(r -> new OfflineSync.Carried(r.lockId(), decode("receipt", r.receipt()))).toList()));
    }

    private static byte[] decode(String field, String value) {
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be base64url");
        }
    }
}
