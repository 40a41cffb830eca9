package se.nyckelfri.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.nyckelfri.access.testsupport.TestWorlds.World;
import se.nyckelfri.access.testsupport.TestWorlds;
import se.nyckelfri.platform.testsupport.Api.Response;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/** What operators and API clients rely on: probes, metrics, the API description, and logs free of personal data. */
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest extends PlatformIntegrationTest {

    @Test
    void healthAndReadinessWhenRunningThenUpWithoutDetails() {
        Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        assertThat(health.body().has("components")).isFalse();
        assertThat(api.get("/actuator/health/readiness", null).body().get("status").asText()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).body().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsWhenFromLoopbackThenServed() {
        Response metrics = api.get("/actuator/metrics/http.server.requests", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body().get("name").asText()).isEqualTo("http.server.requests");
    }

    @Test
    void openApiWhenFetchedThenDescribesTheManagerApiWithBearerErrors() {
        Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("openapi").asText()).startsWith("3.");
        assertThat(docs.body().get("paths").fieldNames()).toIterable().contains("/api/v1/grants",
                "/api/v1/grants/{id}/revoke", "/api/v1/residents", "/api/v1/residents/{id}/consents", "/api/v1/locks",
                "/api/v1/staff/{id}/end-employment", "/api/v1/decisions", "/api/v1/audit-records", "/api/v1/me",
                "/api/v1/me/residents", "/api/v1/unlocks", "/api/v1/emergency-unlocks", "/api/v1/relocks", "/api/v1/audit/anomalies",
                "/api/v1/audit/resident-extracts", "/api/v1/locks/health", "/api/v1/care-units/{careUnitId}/visits",
                "/api/v1/emergencies", "/api/v1/emergencies/{index}/review", "/api/v1/me/emergency-residents");
        assertThat(docs.body().at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void logsWhenResidentRegisteredOrRefusedThenNoNameOrPersonalIdentityNumber(CapturedOutput output) {
        World world = worlds.create();
        String manager = tokens.forSubject(world.a().manager());
        String number = TestWorlds.nextNumber().digits();
        String name = "Ingegerd Sekretessdotter";
        Response created = api.post("/api/v1/residents", manager, Map.of("name", name,
                "personalIdentityNumber", number, "careUnitIds", Set.of(world.a().id())));
        assertThat(created.status()).isEqualTo(201);
        Response duplicate = api.post("/api/v1/residents", manager, Map.of("name", name,
                "personalIdentityNumber", number, "careUnitIds", Set.of(world.a().id())));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.raw()).doesNotContain(number);
        Response wrongCheckDigit = api.post("/api/v1/residents", manager, Map.of("name", name,
                "personalIdentityNumber", number.substring(0, 11) + ((number.charAt(11) - '0' + 1) % 10),
                "careUnitIds", Set.of(world.a().id())));
        assertThat(wrongCheckDigit.status()).isEqualTo(400);
        assertThat(wrongCheckDigit.raw()).doesNotContain(number.substring(0, 11));
        Response search = api.post("/api/v1/residents/search", manager, Map.of("personalIdentityNumber", number));
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.body().get("id").asText()).isEqualTo(created.body().get("id").asText());

        assertThat(output.getAll()).doesNotContain(name).doesNotContain(number).doesNotContain(number.substring(2));
    }
}
