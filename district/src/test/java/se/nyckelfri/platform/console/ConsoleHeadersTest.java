package se.nyckelfri.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * What the console's answers tell the browser, header by header: a content security policy without inline script or
 * style; no referrer; never framed. The session cookie's attributes, Secure behind a configured TLS proxy:
 * {@code TrustedProxyTest}; a forwarded header from a client that is not a configured proxy changes nothing:
 * {@code ForwardedHeadersTest}.
 */
class ConsoleHeadersTest extends PlatformIntegrationTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void pageWhenServedThenStrictContentSecurityPolicyNoReferrerAndNeverFramed() throws Exception {
        HttpResponse<String> page = get("/console/signed-out", "Accept-Language", "sv");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                        "object-src 'none'", "form-action 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).doesNotContain("<script>", "style=\"");
    }

    private HttpResponse<String> get(String path, String header, String value) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header(header, value).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
