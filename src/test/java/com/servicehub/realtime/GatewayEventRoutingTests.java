package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/**
 * CONTRACT §3 "Where events go": a change made over REST arrives on every room the contract lists
 * for it, once per room, and on no other. Also: reassigning a booking revokes the old technician.
 */
class GatewayEventRoutingTests extends IntegrationTest {

    static final Duration QUIET = Duration.ofMillis(700);

    TestDomain domain;
    Session customer;
    Session technician;
    Session admin;

    @BeforeEach
    void people() {
        domain = new TestDomain(api);
        customer = users.customer();
        technician = TestStaff.create(api, "technician");
        admin = TestStaff.create(api, "admin");
    }

    @Test
    void aStatusChangeReachesTheBookingRoomAndTheCustomersRoomOnly() {
        UUID booking = domain.assignedBooking(customer, technician, admin);
        String bookingRoom = "booking:" + booking;
        String customerRoom = "user:" + customer.id();
        try (TestSocket customerSocket = joined(customer, bookingRoom, customerRoom);
                TestSocket technicianSocket = joined(technician, bookingRoom, "user:" + technician.id());
                TestSocket adminSocket = joined(admin, "user:" + admin.id(), "user:" + technician.id());
                TestSocket outsider = joined(users.customer())) {

            domain.changeStatus(booking, "en_route", technician);

            List<JsonNode> toCustomer = next(customerSocket, "status_update", 2);
            assertThat(toCustomer)
                    .extracting(frame -> frame.path("room").asString())
                    .containsExactlyInAnyOrder(bookingRoom, customerRoom);
            for (JsonNode update : toCustomer) {
                assertThat(update.path("bookingId").asString()).isEqualTo(booking.toString());
                assertThat(update.path("status").asString()).isEqualTo("en_route");
                assertThat(update.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
                assertThat(update.path("offset").isIntegralNumber())
                        .as(update.toString())
                        .isTrue();
                assertThat(update.path("epoch").asString()).isNotEmpty();
            }
            JsonNode toTechnician = technicianSocket.nextOfType("status_update");
            assertThat(toTechnician.path("room").asString()).isEqualTo(bookingRoom);

            assertThat(customerSocket.drain(QUIET)).isEmpty();
            assertThat(technicianSocket.drain(Duration.ZERO))
                    .as("not on the technician's user room")
                    .isEmpty();
            assertThat(adminSocket.drain(Duration.ZERO))
                    .as("not on other user rooms")
                    .isEmpty();
            assertThat(outsider.drain(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void theAssignmentIsPushedAsAStatusUpdateToo() {
        UUID booking = domain.book(customer);
        try (TestSocket customerSocket = joined(customer, "booking:" + booking)) {
            domain.assign(booking, technician, admin);
            JsonNode update = customerSocket.nextOfType("status_update");
            assertThat(update.path("status").asString()).isEqualTo("assigned");
            assertThat(update.path("room").asString()).isEqualTo("booking:" + booking);
        }
    }

    @Test
    void aMessageFromSupportReachesTheTicketRoomAndTheCreatorsRoom() {
        UUID ticket = domain.openTicket(customer);
        String supportRoom = "support:" + ticket;
        String creatorRoom = "user:" + customer.id();
        try (TestSocket customerSocket = joined(customer, supportRoom, creatorRoom);
                TestSocket adminSocket = joined(admin, supportRoom, "user:" + admin.id());
                TestSocket outsider = joined(users.customer())) {

            UUID message = domain.post(ticket, "How can I help?", admin);

            List<JsonNode> toCustomer = next(customerSocket, "message", 2);
            assertThat(toCustomer)
                    .extracting(frame -> frame.path("room").asString())
                    .containsExactlyInAnyOrder(supportRoom, creatorRoom);
            for (JsonNode frame : toCustomer) {
                assertThat(frame.path("ticketId").asString()).isEqualTo(ticket.toString());
                assertThat(frame.path("senderId").asString())
                        .isEqualTo(admin.id().toString());
                assertThat(frame.path("message").path("id").asString()).isEqualTo(message.toString());
                assertThat(frame.path("message").path("message").asString()).isEqualTo("How can I help?");
                assertThat(frame.path("message").path("createdAt").asString())
                        .matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
                assertThat(frame.path("offset").isIntegralNumber()).isTrue();
            }
            assertThat(adminSocket.nextOfType("message").path("room").asString())
                    .isEqualTo(supportRoom);

            assertThat(customerSocket.drain(QUIET)).isEmpty();
            assertThat(adminSocket.drain(Duration.ZERO))
                    .as("not on the sender's user room")
                    .isEmpty();
            assertThat(outsider.drain(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aMessageFromTheCreatorReachesTheTicketRoomOnly() {
        UUID ticket = domain.openTicket(customer);
        String supportRoom = "support:" + ticket;
        try (TestSocket customerSocket = joined(customer, supportRoom, "user:" + customer.id());
                TestSocket adminSocket = joined(admin, supportRoom)) {

            UUID message = domain.post(ticket, "Any news?", customer);

            JsonNode toCustomer = customerSocket.nextOfType("message");
            assertThat(toCustomer.path("room").asString()).isEqualTo(supportRoom);
            assertThat(toCustomer.path("message").path("id").asString()).isEqualTo(message.toString());
            JsonNode toAdmin = adminSocket.nextOfType("message");
            assertThat(toAdmin.path("room").asString()).isEqualTo(supportRoom);
            assertThat(toAdmin.path("senderId").asString())
                    .isEqualTo(customer.id().toString());

            assertThat(customerSocket.drain(QUIET))
                    .as("not on the creator's own user room")
                    .isEmpty();
            assertThat(adminSocket.drain(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aTicketClosedBySupportReachesTheTicketRoomAndTheCreatorsRoomAndReopenedByTheCreatorItsRoomOnly() {
        UUID ticket = domain.openTicket(customer);
        String supportRoom = "support:" + ticket;
        String creatorRoom = "user:" + customer.id();
        try (TestSocket customerSocket = joined(customer, supportRoom, creatorRoom);
                TestSocket adminSocket = joined(admin, supportRoom, "user:" + admin.id());
                TestSocket outsider = joined(users.customer())) {

            TestApi.Response closed = api.patch(
                    "/api/v2/support/tickets/" + ticket, admin.accessToken(), TestApi.body("status", "closed"));
            assertThat(closed.status()).as(closed.raw()).isEqualTo(200);

            List<JsonNode> toCustomer = next(customerSocket, "ticket_status", 2);
            assertThat(toCustomer)
                    .extracting(frame -> frame.path("room").asString())
                    .containsExactlyInAnyOrder(supportRoom, creatorRoom);
            for (JsonNode frame : toCustomer) {
                assertThat(frame.path("ticketId").asString()).isEqualTo(ticket.toString());
                assertThat(frame.path("status").asString()).isEqualTo("closed");
                assertThat(frame.path("changedBy").asString())
                        .isEqualTo(admin.id().toString());
                assertThat(frame.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
                assertThat(frame.path("offset").isIntegralNumber())
                        .as(frame.toString())
                        .isTrue();
            }
            assertThat(adminSocket.nextOfType("ticket_status").path("room").asString())
                    .isEqualTo(supportRoom);

            TestApi.Response reopened = api.patch(
                    "/api/v2/support/tickets/" + ticket, customer.accessToken(), TestApi.body("status", "open"));
            assertThat(reopened.status()).as(reopened.raw()).isEqualTo(200);
            JsonNode toCreator = customerSocket.nextOfType("ticket_status");
            assertThat(toCreator.path("room").asString()).isEqualTo(supportRoom);
            assertThat(toCreator.path("status").asString()).isEqualTo("open");
            assertThat(adminSocket.nextOfType("ticket_status").path("changedBy").asString())
                    .isEqualTo(customer.id().toString());

            assertThat(customerSocket.drain(QUIET))
                    .as("not on the creator's own user room")
                    .isEmpty();
            assertThat(adminSocket.drain(Duration.ZERO)).isEmpty();
            assertThat(outsider.drain(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aLocationReportReachesTheBookingRoomOnly() {
        UUID booking = domain.assignedBooking(customer, technician, admin);
        domain.changeStatus(booking, "en_route", technician);
        String bookingRoom = "booking:" + booking;
        try (TestSocket customerSocket = joined(customer, bookingRoom, "user:" + customer.id());
                TestSocket technicianSocket = joined(technician, bookingRoom, "user:" + technician.id())) {

            domain.reportLocation(booking, 24.7136, 46.6753, technician);

            for (TestSocket socket : new TestSocket[] {customerSocket, technicianSocket}) {
                JsonNode update = socket.nextOfType("location_update");
                assertThat(update.path("room").asString()).isEqualTo(bookingRoom);
                assertThat(update.path("bookingId").asString()).isEqualTo(booking.toString());
                assertThat(update.path("location").path("latitude").asDouble()).isEqualTo(24.7136);
                assertThat(update.path("location").path("longitude").asDouble()).isEqualTo(46.6753);
                assertThat(update.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
                assertThat(update.path("offset").isIntegralNumber()).isTrue();
            }
            assertThat(customerSocket.drain(QUIET)).as("not on user rooms").isEmpty();
            assertThat(technicianSocket.drain(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void eventsOfOneRoomArriveInTheOrderTheyHappened() {
        UUID booking = domain.assignedBooking(customer, technician, admin);
        String bookingRoom = "booking:" + booking;
        try (TestSocket customerSocket = joined(customer, bookingRoom)) {
            List<String> route = List.of("en_route", "arrived", "in_progress", "completed");
            for (String status : route) {
                domain.changeStatus(booking, status, technician);
            }
            List<JsonNode> updates = next(customerSocket, "status_update", route.size());
            assertThat(updates)
                    .extracting(frame -> frame.path("status").asString())
                    .containsExactlyElementsOf(route);
            long first = updates.get(0).path("offset").asLong();
            for (int i = 0; i < updates.size(); i++) {
                assertThat(updates.get(i).path("offset").asLong()).isEqualTo(first + i);
            }
        }
    }

    @Test
    void reassigningRevokesTheOldTechnicianAtOnce() {
        Session replacement = TestStaff.create(api, "technician");
        UUID booking = domain.assignedBooking(customer, technician, admin);
        String bookingRoom = "booking:" + booking;
        try (TestSocket oldTechnician = joined(technician, bookingRoom);
                TestSocket customerSocket = joined(customer, bookingRoom)) {

            domain.assign(booking, replacement, admin);

            JsonNode left = oldTechnician.nextOfType("left_room");
            assertThat(left.path("room").asString()).isEqualTo(bookingRoom);
            assertThat(left.path("reason").asString()).isEqualTo("revoked");
            assertThat(left.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
            GatewayRoomTests.assertForbidden(oldTechnician.join(bookingRoom), bookingRoom);

            try (TestSocket newTechnician = joined(replacement, bookingRoom)) {
                domain.changeStatus(booking, "en_route", replacement);
                assertThat(newTechnician
                                .nextOfType("status_update")
                                .path("status")
                                .asString())
                        .isEqualTo("en_route");
                assertThat(customerSocket
                                .nextOfType("status_update")
                                .path("status")
                                .asString())
                        .isEqualTo("en_route");
                assertThat(oldTechnician.drain(QUIET))
                        .noneMatch(frame ->
                                "status_update".equals(frame.path("type").asString()));
            }
            assertThat(customerSocket.received())
                    .noneMatch(frame -> "left_room".equals(frame.path("type").asString()));
        }
    }

    // helpers

    /** A connection of the user that joined the given rooms. */
    private TestSocket joined(Session who, String... rooms) {
        TestSocket socket = TestSocket.connected(port, who.accessToken());
        for (String room : rooms) {
            GatewayRoomTests.assertJoined(socket.join(room), room);
        }
        return socket;
    }

    private static List<JsonNode> next(TestSocket socket, String type, int count) {
        List<JsonNode> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(socket.nextOfType(type));
        }
        return frames;
    }
}
