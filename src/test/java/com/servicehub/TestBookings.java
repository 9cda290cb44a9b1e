package com.servicehub;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.servicehub.TestUsers.Session;

/** Books services and walks them through their lifecycle over the public API. */
public final class TestBookings {

    /** The route from pending to every status, one API step at a time. */
    private static final Map<String, List<String>> ROUTES = Map.of(
            "pending", List.of(),
            "confirmed", List.of("confirmed"),
            "assigned", List.of("assigned"),
            "en_route", List.of("assigned", "en_route"),
            "arrived", List.of("assigned", "en_route", "arrived"),
            "in_progress", List.of("assigned", "en_route", "arrived", "in_progress"),
            "completed", List.of("assigned", "en_route", "arrived", "in_progress", "completed"),
            "cancelled", List.of("cancelled"));

    private final TestApi api;

    public TestBookings(TestApi api) {
        this.api = api;
    }

    public static String tomorrow() {
        return Instant.now()
                .plus(1, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
    }

    public static Map<String, Object> validBooking() {
        return body(
                "serviceType",
                "Plumbing",
                "address",
                "12 King Fahd Road, Riyadh",
                "scheduledAt",
                tomorrow(),
                "notes",
                "Kitchen sink leaks");
    }

    public UUID book(Session customer) {
        TestApi.Response created = api.post("/api/v2/bookings", customer.accessToken(), validBooking());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    /** A new booking of {@code customer} in {@code status}; {@code technician} is assigned where the route needs one. */
    public UUID bookIn(String status, Session customer, Session technician, Session admin) {
        UUID id = book(customer);
        for (String step : ROUTES.get(status)) {
            TestApi.Response response =
                    step.equals("assigned") ? assign(id, technician.id(), admin) : changeStatus(id, step, admin);
            assertThat(response.status()).as(step + ": " + response.raw()).isEqualTo(200);
        }
        return id;
    }

    public TestApi.Response get(UUID id, Session who) {
        return api.get("/api/v2/bookings/" + id, who.accessToken());
    }

    /** The booking as its admin reads it, to prove what a refused request did not change. */
    public String statusOf(UUID id, Session admin) {
        TestApi.Response response = get(id, admin);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.text("status");
    }

    public TestApi.Response assign(UUID id, UUID technicianId, Session who) {
        return api.put(
                "/api/v2/bookings/" + id + "/technician",
                who.accessToken(),
                body("technicianId", technicianId.toString()));
    }

    public TestApi.Response changeStatus(UUID id, String status, Session who) {
        return api.patch("/api/v2/bookings/" + id + "/status", who.accessToken(), body("status", status));
    }

    public TestApi.Response reportLocation(UUID id, Object latitude, Object longitude, Session who) {
        return api.post(
                "/api/v2/bookings/" + id + "/location",
                who.accessToken(),
                body("latitude", latitude, "longitude", longitude));
    }

    public TestApi.Response location(UUID id, Session who) {
        return api.get("/api/v2/bookings/" + id + "/location", who.accessToken());
    }
}
