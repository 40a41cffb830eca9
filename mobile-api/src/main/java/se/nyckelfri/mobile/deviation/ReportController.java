package se.nyckelfri.mobile.deviation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.deviation.DeviationCause;
import se.nyckelfri.access.deviation.DeviationService;
import se.nyckelfri.access.deviation.DeviationView;
import se.nyckelfri.access.system.InvalidInputException;

/** A staff member reports a door that did not open or behaved oddly; it reaches the managers of their unit. */
@RestController
@PreAuthorize("hasRole('STAFF')")
class ReportController {

    private final DeviationService deviations;

    ReportController(DeviationService deviations) {
        this.deviations = deviations;
    }

    record NewDeviation(@NotNull UUID lockId, @NotNull DeviationCause cause, @Size(max = DeviationService.MAX_TEXT) String note,
                        @Size(max = 40) String errorCode, @Size(max = 700) String receipt) { }

    @PostMapping("/api/v1/me/deviations")
    @ResponseStatus(HttpStatus.CREATED)
    DeviationView report(@Valid @RequestBody NewDeviation body, @AuthenticationPrincipal Actor actor) {
        byte[] receipt = null;
        if (body.receipt() != null) {
            try {
                receipt = Base64.getUrlDecoder().decode(body.receipt());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("receipt", "must be base64url");
            }
        }
        return DeviationView.of(deviations.row(deviations.report(actor, new DeviationService.Report(body.lockId(), body.cause(),
                body.note(), body.errorCode(), receipt))));
    }
}
