package se.nyckelfri.mobile.unlock;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.nyckelfri.access.actor.Actor;
import se.nyckelfri.access.system.InvalidInputException;

/** The staff app opens and locks doors here. */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("hasRole('STAFF')")
class UnlockController {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-]{8,100}");
    private final UnlockService unlocks;

    UnlockController(UnlockService unlocks) {
        this.unlocks = unlocks;
    }

    record DoorRequest(@NotNull UUID lockId) { }

    /**
     * Opens the door of {@code lockId}. Send a fresh {@code Idempotency-Key} per attempt; retry with the same key
     * after a lost answer to get the first answer back (no second credential is ever issued for a key).
     */
    @PostMapping("/unlocks")
    ResponseEntity<Object> unlock(@RequestHeader(name = "Idempotency-Key", required = false) String key,
                                  @Valid @RequestBody DoorRequest body, @AuthenticationPrincipal Actor actor) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidInputException("Idempotency-Key", "header required: 8-100 letters, digits, '-' or '_'");
        }
        return respond(unlocks.unlock(actor, body.lockId(), key));
    }

    /** An alarm's reference, as the alarm centre numbers its events ({@link AlarmReference}; never a name). */
    record EmergencyRequest(@NotNull UUID lockId, @NotNull EmergencyCause cause, @Size(max = 40) String alarmReference) { }

    /**
     * Opens the door of {@code lockId} in an emergency (break-glass): an alarm, a resident who does not answer. Allowed
     * outside the grant's weekly windows, to staff whose grant to the resident is in force; the credential lives one
     * minute, and every emergency opening is recorded with its cause and listed for the auditors' review. Send a fresh
     * {@code Idempotency-Key} per attempt, as for {@code /unlocks}.
     */
    @PostMapping("/emergency-unlocks")
    ResponseEntity<Object> emergencyUnlock(@RequestHeader(name = "Idempotency-Key", required = false) String key,
                                           @Valid @RequestBody EmergencyRequest body, @AuthenticationPrincipal Actor actor) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidInputException("Idempotency-Key", "header required: 8-100 letters, digits, '-' or '_'");
        }
        String reference = AlarmReference.check(body.alarmReference());
        return respond(unlocks.emergencyUnlock(actor, body.lockId(), key, body.cause(), reference));
    }

    @PostMapping("/relocks")
    ResponseEntity<Object> relock(@Valid @RequestBody DoorRequest body, @AuthenticationPrincipal Actor actor) {
        return respond(unlocks.relock(actor, body.lockId()));
    }

    private static ResponseEntity<Object> respond(UnlockService.Answer answer) {
        MediaType type = answer.body() instanceof ProblemDetail ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status()).contentType(type);
        if (answer.body() instanceof ProblemDetail p && p.getProperties() != null
                && p.getProperties().get("retryAfterSeconds") instanceof Number seconds) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()));
        }
        return response.body(answer.body());
    }
}
