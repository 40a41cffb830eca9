package se.nyckelfri.mobile.unlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import se.nyckelfri.access.grant.policy.DenyReason;
import se.nyckelfri.access.unlocking.FleetLinkException.Failure;
import se.nyckelfri.access.unlocking.UnlockOutcome;

/** Every kind of unlock outcome has its HTTP answer, and comes back the same from its stored JSON. */
class UnlockControllerTest {

    private static final UUID LOCK = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final Map<Class<?>, UnlockOutcome> ONE_OF_EACH = Map.of(
            UnlockOutcome.LockAnswered.class, new UnlockOutcome.LockAnswered(LOCK, "OPENED", null, 7, "ab", 10, 11),
            UnlockOutcome.Denied.class, new UnlockOutcome.Denied(DenyReason.OUTSIDE_WINDOW, 12),
            UnlockOutcome.RateLimited.class, new UnlockOutcome.RateLimited(42),
            UnlockOutcome.NoGateway.class, new UnlockOutcome.NoGateway(),
            UnlockOutcome.Unreachable.class, new UnlockOutcome.Unreachable(Failure.NO_REPLY, true),
            UnlockOutcome.ProtocolError.class, new UnlockOutcome.ProtocolError("The lock did not answer with its own challenge."),
            UnlockOutcome.ReceiptInvalid.class, new UnlockOutcome.ReceiptInvalid(),
            UnlockOutcome.OutcomeUnknown.class, new UnlockOutcome.OutcomeUnknown(LOCK, "ab", "no receipt came back (TIMEOUT)"),
            UnlockOutcome.KeyReused.class, new UnlockOutcome.KeyReused(),
            UnlockOutcome.InProgress.class, new UnlockOutcome.InProgress());
    private static final Map<Class<?>, Integer> STATUS = Map.of(
            UnlockOutcome.LockAnswered.class, 200, UnlockOutcome.Denied.class, 403, UnlockOutcome.RateLimited.class, 429,
            UnlockOutcome.NoGateway.class, 409, UnlockOutcome.Unreachable.class, 504, UnlockOutcome.ProtocolError.class, 502,
            UnlockOutcome.ReceiptInvalid.class, 502, UnlockOutcome.OutcomeUnknown.class, 504,
            UnlockOutcome.KeyReused.class, 422, UnlockOutcome.InProgress.class, 409);

    @Test
    void respondWhenAnyKindOfOutcomeThenItsStatusAndAProblemWithACodeForEachRefusal() {
        assertThat(ONE_OF_EACH.keySet()).as("one example of every permitted kind")
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(UnlockOutcome.class.getPermittedSubclasses()));
        for (UnlockOutcome outcome : ONE_OF_EACH.values()) {
            ResponseEntity<Object> answer = UnlockController.respond(outcome);
            assertThat(answer.getStatusCode().value()).as(outcome.toString()).isEqualTo(STATUS.get(outcome.getClass()));
            if (answer.getStatusCode().value() == 200) {
                assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
                assertThat(answer.getBody()).hasFieldOrPropertyWithValue("outcome", "OPENED");
            } else {
                assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                ProblemDetail p = (ProblemDetail) answer.getBody();
                assertThat(p.getStatus()).isEqualTo(answer.getStatusCode().value());
                assertThat(p.getType().toString()).startsWith("https://nyckelfri.se/problems/");
                assertThat(p.getDetail()).isNotBlank();
            }
        }
        ResponseEntity<Object> limited = UnlockController.respond(ONE_OF_EACH.get(UnlockOutcome.RateLimited.class));
        assertThat(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("42");
        ProblemDetail denied = (ProblemDetail) UnlockController.respond(ONE_OF_EACH.get(UnlockOutcome.Denied.class)).getBody();
        assertThat(denied.getProperties()).containsEntry("code", "OUTSIDE_WINDOW").containsEntry("auditIndex", 12L);
    }

    @Test
    void outcomeWhenStoredAsJsonAndReadBackThenEqual() throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        for (UnlockOutcome outcome : ONE_OF_EACH.values()) {
            String stored = json.writerFor(UnlockOutcome.class).without(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                    .writeValueAsString(outcome);
            assertThat(json.readerFor(UnlockOutcome.class).<UnlockOutcome>readValue(stored)).as(stored).isEqualTo(outcome);
        }
        assertThat(ONE_OF_EACH.values().stream().map(o -> o.getClass().getSimpleName()).collect(Collectors.toSet())).hasSize(10);
    }
}
