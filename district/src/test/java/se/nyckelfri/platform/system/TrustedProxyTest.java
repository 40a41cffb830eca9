package se.nyckelfri.platform.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.nyckelfri.platform.NyckelfriPlatform;

/**
 * Behind a TLS-terminating proxy that is configured as trusted ({@code server.tomcat.remoteip.internal-proxies}),
 * its forwarded headers are believed: the session cookie is Secure and redirects go to https. The metrics stay
 * loopback-only all the same: a forwarded {@code X-Forwarded-For: 127.0.0.1} does not open them, not even from a
 * trusted proxy, because the rule also reads the connection's own address.
 *
 * <p>The trusted proxies here are loopback and this machine's first non-loopback address (the test connects from
 * it to play a proxy on another host; skipped on a machine without one).
 */
@SpringBootTest(classes = NyckelfriPlatform.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "nyckelfri.demo.enabled=false")
class TrustedProxyTest {

    private static final Optional<InetAddress> OTHER_ADDRESS = nonLoopbackAddress();

    @DynamicPropertySource
    static void trustedProxies(DynamicPropertyRegistry registry) throws Exception {
        registry.add("nyckelfri.data-dir", Files.createTempDirectory("nyckelfri-proxy-")::toString);
        registry.add("server.tomcat.remoteip.internal-proxies", () -> "127\\.0\\.0\\.1"
                + OTHER_ADDRESS.map(address -> "|" + address.getHostAddress().replace(".", "\\.")).orElse(""));
    }

    @LocalServerPort
    int port;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void sessionCookieWhenTheRequestCameOverTlsThroughTheProxyThenSecureHttpOnlyAndSameSite() throws Exception {
        HttpResponse<String> overTls = get("/console", "X-Forwarded-Proto", "https");
        assertThat(overTls.statusCode()).isEqualTo(302);
        assertThat(overTls.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).startsWith("https://"));
        assertThat(overTls.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").contains("; Secure", "; HttpOnly", "; SameSite=Lax"));

        HttpResponse<String> plain = get("/console", "X-Forwarded-Proto", "http");
        assertThat(plain.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .contains("; HttpOnly", "; SameSite=Lax").doesNotContain("Secure"));
    }

    @Test
    void redirectWhenTheProxyForwardsTheHostThenOnThatHost() throws Exception {
        HttpResponse<String> response = get("/console", "X-Forwarded-Host", "nyckelfri.kommun.example");
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .contains("nyckelfri.kommun.example"));
    }

    @Test
    void metricsWhenATrustedProxyForwardsAnOutsideClientThenRefused() throws Exception {
        // A proxy on this host forwarding a client from outside: the connection is loopback, the client is not.
        HttpResponse<String> forwarded = get("/actuator/metrics", "X-Forwarded-For", "203.0.113.9");
        assertThat(forwarded.statusCode()).as(forwarded.body()).isNotEqualTo(200);
        assertThat(forwarded.body()).doesNotContain("\"names\"");
        assertThat(get("/actuator/metrics", "X-Forwarded-Proto", "https").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsWhenForwardedForLoopbackFromAnotherHostThenRefused() throws Exception {
        assumeTrue(OTHER_ADDRESS.isPresent(), "this machine has no non-loopback address to connect from");
        InetAddress other = OTHER_ADDRESS.get();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(other, 0));
            socket.connect(new InetSocketAddress(other, port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /actuator/metrics HTTP/1.1\r\nHost: " + other.getHostAddress() + ":" + port
                    + "\r\nX-Forwarded-For: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            // Refused as any request that may not see the metrics: sent to the sign-in form, never the metrics.
            assertThat(statusLine).startsWith("HTTP/1.1 ").doesNotStartWith("HTTP/1.1 200");
        }
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header(header, value).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(TrustedProxyTest::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
