package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.servicehub.TestApi;
import com.servicehub.TestBookings;
import com.servicehub.TestUsers.Session;

/** Bookings (through {@link TestBookings}) and support tickets made and moved through the public REST API, as the apps do. */
final class TestDomain {

    private final TestApi api;
    private final TestBookings bookings;

    TestDomain(TestApi api) {
        this.api = api;
        this.bookings = new TestBookings(api);
    }

    UUID book(Session customer) {
        return bookings.book(customer);
    }

    /** A booking of the customer, assigned to the technician (status {@code assigned}). */
    UUID assignedBooking(Session customer, Session technician, Session admin) {
        return bookings.bookIn("assigned", customer, technician, admin);
    }

    void assign(UUID booking, Session technician, Session admin) {
        succeeds(bookings.assign(booking, technician.id(), admin), 200);
    }

    void changeStatus(UUID booking, String status, Session who) {
        succeeds(bookings.changeStatus(booking, status, who), 200);
    }

    void reportLocation(UUID booking, double latitude, double longitude, Session technician) {
        succeeds(bookings.reportLocation(booking, latitude, longitude, technician), 202);
    }

    private static void succeeds(TestApi.Response response, int status) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
    }

    UUID openTicket(Session creator) {
        TestApi.Response created = api.post(
                "/api/v2/support/tickets",
                creator.accessToken(),
                TestApi.body("subject", "Sink still leaks", "message", "The sink leaks again."));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    /** Posts a message and answers its id. */
    UUID post(UUID ticket, String message, Session sender) {
        TestApi.Response created = api.post(
                "/api/v2/support/tickets/" + ticket + "/messages",
                sender.accessToken(),
                TestApi.body("message", message));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }
}
