package se.nyckelfri.platform.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A deliberately plain HTTP client for the API: what a real client sends, and what it gets back. */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public Api(String base) {
        this.base = base;
    }

    /** A response: status, content type and body as JSON (or {@code null} if empty or not JSON). */
    public record Response(int status, String contentType, JsonNode body, String raw) {
        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
    }

    public Response post(String path, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).POST(bodyOf(body)), token);
    }

    public Response postWithHeader(String path, String token, String header, String value, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value).POST(bodyOf(body)), token);
    }

    public Response put(String path, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).PUT(bodyOf(body)), token);
    }

    private static HttpRequest.BodyPublisher bodyOf(Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return HttpRequest.BodyPublishers.ofString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Response send(HttpRequest.Builder request, String token) {
        request.header("Content-Type", "application/json").header("Accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse(null);
            JsonNode json = null;
            if (!response.body().isEmpty() && type != null && type.contains("json")) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), type, json, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
