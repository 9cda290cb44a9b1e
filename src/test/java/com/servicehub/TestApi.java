package com.servicehub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the REST API, as an app would call it. */
public final class TestApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1 as the service speaks it: no h2c upgrade attempt on each new connection.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final int port;
    private final Duration timeout;

    public TestApi(int port) {
        this(port, Duration.ofSeconds(30));
    }

    /** A client whose requests give up after {@code timeout}, for polling. */
    public TestApi(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    public int port() {
        return port;
    }

    /** An answer: status, headers and the body parsed as JSON (null when empty or not JSON). */
    public record Response(int status, java.net.http.HttpHeaders headers, String raw, JsonNode body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String text(String field) {
            JsonNode node = body == null ? null : body.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body, null);
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, body, null);
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, null);
    }

    /** Sends a raw body as is (malformed JSON, odd content types). */
    public Response sendRaw(String method, String path, String token, String rawBody, String contentType) {
        return send(method, path, token, rawBody, contentType);
    }

    /** Sends with headers of the caller's choosing (Origin, Idempotency-Key...); a non-String body goes as JSON. */
    public Response sendWith(String method, String path, String token, Map<String, String> headers, Object body) {
        return send(method, path, token, body, null, headers);
    }

    private Response send(String method, String path, String token, Object body, String contentType) {
        return send(method, path, token, body, contentType, Map.of());
    }

    private Response send(
            String method, String path, String token, Object body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(timeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String raw ? raw : JSON.writeValueAsString(body);
            request.header("Content-Type", contentType != null ? contentType : "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String raw = response.body();
            if (raw != null && !raw.isBlank() && (raw.startsWith("{") || raw.startsWith("["))) {
                json = JSON.readTree(raw);
            }
            return new Response(response.statusCode(), response.headers(), raw, json);
        } catch (IOException ex) {
            throw new IllegalStateException(method + " " + path + " failed", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
