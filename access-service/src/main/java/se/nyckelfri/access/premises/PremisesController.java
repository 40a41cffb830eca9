package se.nyckelfri.access.premises;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.system.InvalidInputException;

/** Gateways, doors and locks. */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
class PremisesController {

    private final PremisesService service;
    private final LockFleet fleet;

    PremisesController(PremisesService service, LockFleet fleet) {
        this.service = service;
        this.fleet = fleet;
    }

    record GatewayView(UUID id, String serial, String location, UUID careUnitId, boolean online, Instant lastSeenAt,
                       long version) {
        static GatewayView of(Gateway g) {
            return new GatewayView(g.getId(), g.getSerial(), g.getLocation(), g.getCareUnitId(), g.isOnline(),
                    g.getLastSeenAt(), g.getVersion());
        }
    }

    /** {@code careUnitId} may be left out by a manager of one unit; an administrator may register for no unit. */
    record NewGateway(@NotBlank @Size(max = 100) String serial, @NotBlank @Size(max = 200) String location,
                      UUID careUnitId) { }

    @PostMapping("/gateways")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    GatewayView registerGateway(@Valid @RequestBody NewGateway body, @AuthenticationPrincipal Actor actor) {
        return GatewayView.of(service.registerGateway(actor, body.serial(), body.location(), body.careUnitId()));
    }

    @GetMapping("/gateways/{id}")
    GatewayView gateway(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
        return GatewayView.of(service.gateway(actor, id));
    }

    record DoorView(UUID id, Door.Kind kind, String label, Set<UUID> residentIds, long version) {
        static DoorView of(Door d) {
            return new DoorView(d.getId(), d.getKind(), d.getLabel(), d.getResidentIds(), d.getVersion());
        }
    }

    record NewDoor(@NotNull Door.Kind kind, @NotBlank @Size(max = 200) String label,
                   @NotEmpty Set<@NotNull UUID> residentIds) { }

    @PostMapping("/doors")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    DoorView registerDoor(@Valid @RequestBody NewDoor body, @AuthenticationPrincipal Actor actor) {
        return DoorView.of(service.registerDoor(actor, body.kind(), body.label(), body.residentIds()));
    }

    @GetMapping("/doors/{id}")
    DoorView door(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
        return DoorView.of(service.door(actor, id));
    }

    @GetMapping("/doors")
    List<DoorView> doors(@RequestParam UUID residentId, @AuthenticationPrincipal Actor actor) {
        return service.doorsOf(actor, residentId).stream().map(DoorView::of).toList();
    }

    record DoorResidents(@NotEmpty Set<@NotNull UUID> residentIds, @NotNull Long version) { }

    @PutMapping("/doors/{id}/residents")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    DoorView replaceResidents(@PathVariable UUID id, @Valid @RequestBody DoorResidents body,
                              @AuthenticationPrincipal Actor actor) {
        return DoorView.of(service.replaceDoorResidents(actor, id, body.residentIds(), body.version()));
    }

    record LockView(UUID id, UUID doorId, String vendor, String vendorLockId, String publicKey, UUID gatewayId,
                    LockDevice.State state, Instant commissionedAt, Integer batteryPercent, Instant lastReceiptAt,
                    long version) {
        static LockView of(LockDevice l) {
            return new LockView(l.getId(), l.getDoorId(), l.getVendor(), l.getVendorLockId(),
                    Base64.getEncoder().encodeToString(l.getPublicKey()), l.getGatewayId(), l.getState(),
                    l.getCommissionedAt(), l.getBatteryPercent(), l.getLastReceiptAt(), l.getVersion());
        }
    }

    /** @param publicKey the lock's P-256 public key, base64 of its X.509 SubjectPublicKeyInfo (DER) */
    record NewLock(@NotNull UUID doorId, @NotBlank @Size(max = 100) String vendor,
                   @NotBlank @Size(max = 100) String vendorLockId, @NotBlank String publicKey, UUID gatewayId) { }

    @PostMapping("/locks")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    LockView registerLock(@Valid @RequestBody NewLock body, @AuthenticationPrincipal Actor actor) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(body.publicKey());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("publicKey", "must be base64");
        }
        return LockView.of(service.registerLock(actor, body.doorId(), body.vendor(), body.vendorLockId(), key,
                body.gatewayId()));
    }

    /** Every lock of the manager's care units with its health, what needs attention first at the top. */
    @GetMapping("/locks/health")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    List<LockFleet.LockHealth> health(@AuthenticationPrincipal Actor actor) {
        return fleet.of(actor);
    }

    @GetMapping("/locks/{id}")
    LockView lock(@PathVariable UUID id, @AuthenticationPrincipal Actor actor) {
        return LockView.of(service.lock(actor, id));
    }

    @GetMapping("/locks")
    List<LockView> locks(@RequestParam UUID doorId, @AuthenticationPrincipal Actor actor) {
        return service.locksOn(actor, doorId).stream().map(LockView::of).toList();
    }

    record VersionOnly(@NotNull Long version) { }

    @PostMapping("/locks/{id}/activate")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    LockView activate(@PathVariable UUID id, @Valid @RequestBody VersionOnly body, @AuthenticationPrincipal Actor actor) {
        return LockView.of(service.activate(actor, id, body.version()));
    }

    @PostMapping("/locks/{id}/decommission")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    LockView decommission(@PathVariable UUID id, @Valid @RequestBody VersionOnly body,
                          @AuthenticationPrincipal Actor actor) {
        return LockView.of(service.decommission(actor, id, body.version()));
    }
}
