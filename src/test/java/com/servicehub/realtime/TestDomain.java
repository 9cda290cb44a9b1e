package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

/** Bookings and support tickets made and moved through the public REST API, as the apps do. */
final class TestDomain {

    private final TestApi api;

    TestDomain(TestApi api) {
        this.api = api;
    }

    UUID book(Session customer) {
        TestApi.Response created = api.post("/api/v2/bookings", customer.accessToken(),
                TestApi.body("serviceType", "Plumbing", "address", "12 King Fahd Road, Riyadh",
                        "scheduledAt", Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    /** A booking of the customer, assigned to the technician (status {@code assigned}). */
    UUID assignedBooking(Session customer, Session technician, Session admin) {
        UUID booking = book(customer);
        assign(booking, technician, admin);
        return booking;
    }

    void assign(UUID booking, Session technician, Session admin) {
        TestApi.Response response = api.put("/api/v2/bookings/" + booking + "/technician", admin.accessToken(),
                TestApi.body("technicianId", technician.id().toString()));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
    }

    void changeStatus(UUID booking, String status, Session who) {
        TestApi.Response response = api.patch("/api/v2/bookings/" + booking + "/status", who.accessToken(),
                TestApi.body("status", status));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
    }

    void reportLocation(UUID booking, double latitude, double longitude, Session technician) {
        TestApi.Response response = api.post("/api/v2/bookings/" + booking + "/location", technician.accessToken(),
                TestApi.body("latitude", latitude, "longitude", longitude));
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
    }

    UUID openTicket(Session creator) {
        TestApi.Response created = api.post("/api/v2/support/tickets", creator.accessToken(),
                TestApi.body("subject", "Sink still leaks", "message", "The sink leaks again."));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    /** Posts a message and answers its id. */
    UUID post(UUID ticket, String message, Session sender) {
        TestApi.Response created = api.post("/api/v2/support/tickets/" + ticket + "/messages", sender.accessToken(),
                TestApi.body("message", message));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }
}
