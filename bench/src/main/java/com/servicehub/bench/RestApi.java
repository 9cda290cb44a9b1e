package com.servicehub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The few REST calls of CONTRACT §2 that the scenarios need, over the JDK's HTTP client (HTTP/1.1). */
final class RestApi {

    record Login(String accessToken, String userId) {}

    /** A call that did not answer as the contract says; the setup stops on it. */
    static final class CallFailed extends IOException {
        final int status;

        CallFailed(String call, int status, String body) {
            super(call + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
            this.status = status;
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;

    RestApi(URI baseUri) {
        String b = baseUri.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    String base() {
        return base;
    }

    CompletableFuture<HttpResponse<String>> send(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A blocking call that must answer {@code expected}; returns the body. */
    String call(String method, String path, String token, String jsonBody, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = send(method, path, token, jsonBody).join();
        } catch (RuntimeException e) {
            throw new IOException(method + " " + path + " failed: " + Fleet.describe(e), e);
        }
        if (response.statusCode() != expected) {
            throw new CallFailed(method + " " + path, response.statusCode(), response.body());
        }
        return response.body();
    }

    Login login(String phone, String password) throws IOException, InterruptedException {
        String body = call(
                "POST",
                "/api/v2/auth/login",
                null,
                "{\"phone\":" + JsonText.quote(phone) + ",\"password\":" + JsonText.quote(password) + "}",
                200);
        return new Login(required(body, "accessToken"), required(body, "id"));
    }

    /** Registers a customer; returns its id. */
    String register(String phone, String password, String name) throws IOException, InterruptedException {
        String body = call(
                "POST",
                "/api/v2/auth/register",
                null,
                "{\"phone\":" + JsonText.quote(phone) + ",\"password\":" + JsonText.quote(password) + ",\"name\":"
                        + JsonText.quote(name) + "}",
                201);
        return required(body, "id");
    }

    /** Admin creates a user of any role; returns its id. */
    String createUser(String adminToken, String phone, String password, String name, String role)
            throws IOException, InterruptedException {
        String body = call(
                "POST",
                "/api/v2/admin/users",
                adminToken,
                "{\"phone\":" + JsonText.quote(phone)
                        + ",\"password\":" + JsonText.quote(password) + ",\"name\":" + JsonText.quote(name)
                        + ",\"role\":" + JsonText.quote(role) + "}",
                201);
        return required(body, "id");
    }

    /** A customer books; returns the booking id. */
    String createBooking(String customerToken, String serviceType, String address, String scheduledAt, String notes)
            throws IOException, InterruptedException {
        String body = call(
                "POST",
                "/api/v2/bookings",
                customerToken,
                "{\"serviceType\":" + JsonText.quote(serviceType)
                        + ",\"address\":" + JsonText.quote(address) + ",\"scheduledAt\":" + JsonText.quote(scheduledAt)
                        + ",\"notes\":" + JsonText.quote(notes) + "}",
                201);
        return required(body, "id");
    }

    void assignTechnician(String adminToken, String bookingId, String technicianId)
            throws IOException, InterruptedException {
        call(
                "PUT",
                "/api/v2/bookings/" + bookingId + "/technician",
                adminToken,
                "{\"technicianId\":" + JsonText.quote(technicianId) + "}",
                200);
    }

    void changeStatus(String token, String bookingId, String status) throws IOException, InterruptedException {
        call("PATCH", statusPath(bookingId), token, statusBody(status), 200);
    }

    static String statusPath(String bookingId) {
        return "/api/v2/bookings/" + bookingId + "/status";
    }

    static String statusBody(String status) {
        return "{\"status\":\"" + status + "\"}";
    }

    static String locationPath(String bookingId) {
        return "/api/v2/bookings/" + bookingId + "/location";
    }

    private static String required(String body, String field) throws IOException {
        String value = JsonText.string(body, field);
        if (value == null) {
            throw new IOException(
                    "no \"" + field + "\" in " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
        return value;
    }
}
