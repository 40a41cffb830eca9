package se.nyckelfri.audit.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A witness elsewhere, over C2SP tlog-witness HTTP: {@code POST <prefix>/add-checkpoint}. A witness that cannot be
 * reached answers 503 here, so the log simply does not publish until it can (never without a cosignature).
 *
 * <p>Thread-safe.
 */
public final class HttpWitnessClient implements WitnessClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI addCheckpoint;

    public HttpWitnessClient(String submissionPrefix) {
        this.addCheckpoint = URI.create(submissionPrefix.replaceAll("/+$", "") + "/add-checkpoint");
    }

    @Override
    public Response addCheckpoint(String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(addCheckpoint).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(503, "the witness could not be reached: " + e.getMessage() + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(503, "interrupted\n");
        }
    }
}
