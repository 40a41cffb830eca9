package se.nyckelfri.platform.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.nyckelfri.platform.testsupport.PlatformIntegrationTest;

/**
 * What the staff app's files tell the browser, header by header, as {@code ConsoleHeadersTest} checks the console's: a
 * content security policy with everything from this origin and nothing inline or evaluated, on the shell and on its
 * scripts (the service worker and the modules are fetched under it too); no referrer; never framed; no sniffing of a
 * script's type; and no cookie, for the shell is public and holds no session.
 */
class StaffAppHeadersTest extends PlatformIntegrationTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void shellAndScriptsWhenServedThenStrictContentSecurityPolicyNoReferrerNeverFramedNoCookie() throws Exception {
        for (String path : List.of("/app/", "/app/js/app.js", "/app/js/device.js", "/app/sw.js")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                            "worker-src 'self'", "manifest-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                            "form-action 'self'", "base-uri 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "*", "data:", "http:", "https:"));
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(answer.headers().allValues("Set-Cookie")).as("%s sets no cookie", path).isEmpty();
        }
        assertThat(get("/app/js/app.js").headers().firstValue("Content-Type")).as("a module script needs a JavaScript type under nosniff")
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));

        HttpResponse<String> shell = get("/app/");
        assertThat(shell.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(shell.body()).as("the shell loads its one module from this origin, nothing inline")
                .contains("<script type=\"module\" src=\"/app/js/app.js\"></script>")
                .doesNotContain("<script>", "<style", "style=\"", "onclick", "onload", "javascript:");

        HttpResponse<String> bare = get("/app");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/app/"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
