package se.nyckelfri.audit.verifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import se.nyckelfri.audit.tile.TileId;

/**
 * Where the verifier reads a log: a C2SP tlog-tiles URL prefix, optionally with a bearer token (entry bundles of
 * this platform are for auditors). Nothing read is trusted; everything is checked against the keys given.
 */
public interface LogSource {

    String checkpoint() throws IOException;

    byte[] tile(TileId tile) throws IOException;

    /** Reads from {@code prefix} over HTTP. */
    static LogSource http(String prefix, String token) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        return new LogSource() {
            @Override
            public String checkpoint() throws IOException {
                return new String(get(base + "checkpoint"), java.nio.charset.StandardCharsets.UTF_8);
            }

            @Override
            public byte[] tile(TileId tile) throws IOException {
                return get(base + "tile/" + tile.path());
            }

            private byte[] get(String url) throws IOException {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
                if (token != null && !token.isBlank()) {
                    request.header("Authorization", "Bearer " + token);
                }
                try {
                    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IOException("GET " + url + " answered " + response.statusCode());
                    }
                    return response.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        };
    }
}
