package se.nyckelfri.mobile.unlock;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
import se.nyckelfri.access.device.DeviceService;
import se.nyckelfri.access.system.InvalidInputException;
import se.nyckelfri.access.system.ProblemResponses;
import se.nyckelfri.access.unlocking.EmergencyCause;
import se.nyckelfri.access.unlocking.UnlockOutcome;
import se.nyckelfri.access.unlocking.UnlockService;

/** The staff app opens and locks doors here: the unlocking module's outcomes, each mapped to its HTTP answer. */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("hasRole('STAFF')")
class UnlockController {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-]{8,100}");
    private final UnlockService unlocks;
    private final DeviceService devices;

    UnlockController(UnlockService unlocks, DeviceService devices) {
        this.unlocks = unlocks;
        this.devices = devices;
    }

    /** Which door; the staff app also names its phone, and a blocked phone opens nothing. */
    record DoorRequest(@NotNull UUID lockId, UUID deviceId) { }

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
        if (body.deviceId() != null) {
            devices.requireMayOpen(actor, body.deviceId(), body.lockId());
        }
        return respond(unlocks.unlock(actor, body.lockId(), key));
    }

    /** An alarm's reference, as the alarm centre numbers its events (never a name; checked by the unlocking module). */
    record EmergencyRequest(@NotNull UUID lockId, @NotNull EmergencyCause cause, @Size(max = 40) String alarmReference, UUID deviceId) { }

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
        if (body.deviceId() != null) {
            devices.requireMayOpen(actor, body.deviceId(), body.lockId());
        }
        return respond(unlocks.emergencyUnlock(actor, body.lockId(), key, body.cause(), body.alarmReference()));
    }

    @PostMapping("/relocks")
    ResponseEntity<Object> relock(@Valid @RequestBody DoorRequest body, @AuthenticationPrincipal Actor actor) {
        return respond(unlocks.relock(actor, body.lockId()));
    }

    /**
     * The outcome as HTTP: 200 with what the lock signed, otherwise a problem with a stable {@code code}. (Java 17 has
     * no pattern switch over the sealed type; {@code UnlockControllerTest} checks that every kind is mapped.)
     */
    static ResponseEntity<Object> respond(UnlockOutcome outcome) {
        if (outcome instanceof UnlockOutcome.LockAnswered answered) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new UnlockResult(answered.lockId(),
                    answered.outcome(), answered.lockReason(), answered.receiptCounter(), answered.credentialId(),
                    answered.issuanceAuditIndex(), answered.receiptAuditIndex()));
        }
        if (outcome instanceof UnlockOutcome.Denied denied) {
            ProblemDetail p = problem(HttpStatus.FORBIDDEN, "access-denied",
                    "You may not open this door now: " + denied.reason() + ".", denied.reason().name());
            p.setProperty("auditIndex", denied.auditIndex());
            return answer(p);
        }
        if (outcome instanceof UnlockOutcome.RateLimited limited) {
            ProblemDetail p = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-denials",
                    "Too many refused attempts; try again in " + limited.retryAfterSeconds() + " seconds.", "TOO_MANY_DENIALS");
            p.setProperty("retryAfterSeconds", limited.retryAfterSeconds());
            return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(limited.retryAfterSeconds())).body(p);
        }
        if (outcome instanceof UnlockOutcome.NoGateway) {
            return answer(problem(HttpStatus.CONFLICT, "no-gateway", "This lock has no gateway to reach it through.", "NO_GATEWAY"));
        }
        if (outcome instanceof UnlockOutcome.Unreachable unreachable) {
            return answer(problem(HttpStatus.GATEWAY_TIMEOUT, "lock-unreachable", unreachable.beforeCredential()
                    ? "The lock could not be reached (" + unreachable.failure() + "); nothing was sent to it."
                    : "The lock could not be reached: " + unreachable.failure(), unreachable.failure().name()));
        }
        if (outcome instanceof UnlockOutcome.ProtocolError error) {
            return answer(problem(HttpStatus.BAD_GATEWAY, "lock-protocol", error.detail(), null));
        }
        if (outcome instanceof UnlockOutcome.ReceiptInvalid) {
            return answer(problem(HttpStatus.BAD_GATEWAY, "receipt-invalid",
                    "The receipt did not verify with the lock's registered key.", null));
        }
        if (outcome instanceof UnlockOutcome.OutcomeUnknown unknown) {
            ProblemDetail p = problem(HttpStatus.GATEWAY_TIMEOUT, "outcome-unknown", "The credential was sent but "
                    + unknown.why() + ". The door may or may not have opened; the lock's signed receipt will reach the audit "
                    + "log when its gateway delivers it. Retrying with the same key returns this answer.", "OUTCOME_UNKNOWN");
            p.setProperty("lockId", unknown.lockId());
            p.setProperty("credentialId", unknown.credentialId());
            return answer(p);
        }
        if (outcome instanceof UnlockOutcome.KeyReused) {
            return answer(problem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "This Idempotency-Key was used for another request; use a new key for a new attempt.",
                    "IDEMPOTENCY_KEY_REUSED"));
        }
        if (outcome instanceof UnlockOutcome.InProgress) {
            return answer(problem(HttpStatus.CONFLICT, "unlock-in-progress", "This unlock is still in progress.", "IN_PROGRESS"));
        }
        throw new IllegalArgumentException("an unlock outcome without an HTTP answer: " + outcome);
    }

    /** What the lock did, as it signed it. */
    record UnlockResult(UUID lockId, String outcome, Integer lockReason, long receiptCounter, String credentialId,
                        long issuanceAuditIndex, long receiptAuditIndex) { }

    private static ProblemDetail problem(HttpStatus status, String type, String detail, String code) {
        ProblemDetail p = ProblemResponses.problem(status, type, detail);
        if (code != null) {
            p.setProperty("code", code);
        }
        return p;
    }

    private static ResponseEntity<Object> answer(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
