package se.nyckelfri.access.device;

import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;

/** Managers see their staff's devices and block one (lost, stolen); auditors read. */
@RestController
class DeviceController {

    private final DeviceService service;

    DeviceController(DeviceService service) {
        this.service = service;
    }

    @GetMapping("/api/v1/staff/{staffMemberId}/devices")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN', 'AUDITOR')")
    List<DeviceView> ofStaff(@PathVariable UUID staffMemberId, @AuthenticationPrincipal Actor actor) {
        return service.ofStaff(actor, staffMemberId).stream().map(DeviceView::of).toList();
    }

    @PostMapping("/api/v1/devices/{deviceId}/block")
    @PreAuthorize("hasAnyRole('MANAGER', 'ADMIN')")
    DeviceView block(@PathVariable UUID deviceId, @Valid @RequestBody DeviceView.Block body, @AuthenticationPrincipal Actor actor) {
        return DeviceView.of(service.block(actor, deviceId, body.reason(), body.version()));
    }
}
