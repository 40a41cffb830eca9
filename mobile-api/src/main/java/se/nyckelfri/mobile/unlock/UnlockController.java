package se.nyckelfri.mobile.unlock;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import java.util.regex.Pattern;
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

    @PostMapping("/relocks")
    ResponseEntity<Object> relock(@Valid @RequestBody DoorRequest body, @AuthenticationPrincipal Actor actor) {
        return respond(unlocks.relock(actor, body.lockId()));
    }

    private static ResponseEntity<Object> respond(UnlockService.Answer answer) {
        MediaType type = answer.body() instanceof ProblemDetail ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON;
        return ResponseEntity.status(answer.status()).contentType(type).body(answer.body());
    }
}
