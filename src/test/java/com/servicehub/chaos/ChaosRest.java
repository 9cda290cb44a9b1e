package com.servicehub.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST side of the chaos run: plain HTTP/1.1 calls to whichever node is up. */
final class ChaosRest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer; {@code status} 0 means no answer at all (refused, reset, timed out). */
    record Answer(int status, JsonNode body, String failure) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private final Supplier<List<String>> baseUrls;
    private final byte[] secret;

    ChaosRest(Supplier<List<String>> baseUrls, String secret) {
        this.baseUrls = baseUrls;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** An access token minted with the cluster's secret, good for the whole run. */
    String token(String userId, String role) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim("role", role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(3))))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** One call to the node {@code pick} selects among those listed (modulo their number). */
    Answer call(int pick, String method, String path, String token, Object body) {
        Answer answer = attempt(pick, method, path, token, body);
        if (answer.status() == 0 && answer.failure().startsWith("ConnectException")) {
            // Refused: the request never reached a node, so it cannot have been committed. Send it
            // to the next node, as a load balancer would.
            return attempt(pick + 1, method, path, token, body);
        }
        return answer;
    }

    private Answer attempt(int pick, String method, String path, String token, Object body) {
        List<String> urls = baseUrls.get();
        String base = urls.get(Math.floorMod(pick, urls.size()));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json =
                    response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json, null);
        } catch (IOException ex) {
            return new Answer(0, null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }

    /** For set-up: retries on other nodes until an answer in 2xx comes, or fails. */
    JsonNode must(String method, String path, String token, Object body) {
        Answer last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            last = call(attempt, method, path, token, body);
            if (last.ok()) {
                return last.body();
            }
            if (last.status() >= 400 && last.status() < 500 && last.status() != 429) {
                break;
            }
            ChaosRun.sleep(300);
        }
        throw new IllegalStateException(method + " " + path + " failed: " + last);
    }
}
