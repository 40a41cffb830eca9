package se.nyckelfri.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * With no proxy configured (the default), forwarded headers are the client's own words and change nothing: not the
 * host the console redirects to, not the scheme, not the address the metrics' loopback rule reads (which refuses a
 * request forwarded for someone else). Proxies that may
 * speak for clients: {@link TrustedProxyTest}.
 */
class ForwardedHeadersTest extends PlatformIntegrationTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void redirectWhenForwardedHostFromAnUnconfiguredClientThenStaysOnTheRealHost() throws Exception {
        HttpResponse<String> response = get("/console", "X-Forwarded-Host", "evil.example");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .doesNotContain("evil.example"));
    }

    @Test
    void sessionCookieWhenForwardedProtoFromAnUnconfiguredClientThenNeitherSecureNorHttpsRedirect() throws Exception {
        HttpResponse<String> response = get("/console", "X-Forwarded-Proto", "https");
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .doesNotStartWith("https://"));
        assertThat(response.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .doesNotContain("Secure"));
    }

    @Test
    void metricsWhenForwardedForFromAnUnconfiguredClientThenNotOpened() throws Exception {
        assertThat(get("/actuator/metrics", "Accept", "application/json").statusCode()).isEqualTo(200);
        // A proxy on this host that nobody configured, forwarding an outside client: not a local request.
        HttpResponse<String> forwarded = get("/actuator/metrics", "X-Forwarded-For", "203.0.113.9");
        assertThat(forwarded.statusCode()).isNotEqualTo(200);
        assertThat(forwarded.body()).doesNotContain("\"names\"");
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header(header, value).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
