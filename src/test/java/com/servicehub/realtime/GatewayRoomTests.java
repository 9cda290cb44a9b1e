package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.servicehub.IntegrationTest;
import com.servicehub.TestUsers;

import tools.jackson.databind.JsonNode;

/** CONTRACT §3 rooms: who may join which room, what a malformed room is, join and leave answers. */
class GatewayRoomTests extends IntegrationTest {

    TestDomain domain;

    @BeforeEach
    void domain() {
        domain = new TestDomain(api);
    }

    // user rooms

    @Test
    void aCustomerJoinsItsOwnUserRoomWithOffsetAndEpoch() {
        UUID customer = UUID.randomUUID();
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = socket.join("user:" + customer);
            assertThat(joined.path("type").asString()).as(joined.toString()).isEqualTo("joined_room");
            assertThat(joined.path("room").asString()).isEqualTo("user:" + customer);
            assertThat(joined.path("offset").isIntegralNumber())
                    .as(joined.toString())
                    .isTrue();
            assertThat(joined.path("offset").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(joined.path("epoch").isString()).as(joined.toString()).isTrue();
            assertThat(joined.path("epoch").asString()).isNotEmpty();
            assertThat(joined.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
            assertThat(joined.has("recovered"))
                    .as("a plain join does not talk about recovery")
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer", "technician"})
    void aNonAdminMayNotJoinAnotherUsersRoom(String role) {
        UUID user = UUID.randomUUID();
        String other = "user:" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connected(port, user, role)) {
            assertForbidden(socket.join(other), other);
            assertNotJoined(socket, other);
        }
    }

    @Test
    void anAdminMayJoinAnyUserRoom() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "admin")) {
            String room = "user:" + UUID.randomUUID();
            assertJoined(socket.join(room), room);
        }
    }

    // booking and support rooms of real bookings and tickets

    @Test
    void aBookingRoomIsForItsCustomerItsAssignedTechnicianAndAdmins() {
        TestUsers.Session customer = users.customer();
        TestUsers.Session technician = TestStaff.create(api, "technician");
        TestUsers.Session otherCustomer = users.customer();
        TestUsers.Session otherTechnician = TestStaff.create(api, "technician");
        TestUsers.Session admin = TestStaff.create(api, "admin");
        String room = "booking:" + domain.assignedBooking(customer, technician, admin);

        for (TestUsers.Session allowed : new TestUsers.Session[] {customer, technician}) {
            try (TestSocket socket = TestSocket.connected(port, allowed.accessToken())) {
                assertJoined(socket.join(room), room);
            }
        }
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "admin")) {
            assertJoined(socket.join(room), room);
        }
        for (TestUsers.Session refused : new TestUsers.Session[] {otherCustomer, otherTechnician}) {
            try (TestSocket socket = TestSocket.connected(port, refused.accessToken())) {
                assertForbidden(socket.join(room), room);
                assertNotJoined(socket, room);
            }
        }
    }

    @Test
    void anUnassignedBookingIsNotOpenToTechnicians() {
        TestUsers.Session customer = users.customer();
        TestUsers.Session technician = TestStaff.create(api, "technician");
        String room = "booking:" + domain.book(customer);
        try (TestSocket socket = TestSocket.connected(port, technician.accessToken())) {
            assertForbidden(socket.join(room), room);
        }
        try (TestSocket socket = TestSocket.connected(port, customer.accessToken())) {
            assertJoined(socket.join(room), room);
        }
    }

    @Test
    void aSupportRoomIsForTheTicketsCreatorAndAdmins() {
        TestUsers.Session creator = users.customer();
        TestUsers.Session other = users.customer();
        TestUsers.Session technician = TestStaff.create(api, "technician");
        String room = "support:" + domain.openTicket(creator);
        try (TestSocket socket = TestSocket.connected(port, creator.accessToken())) {
            assertJoined(socket.join(room), room);
        }
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "admin")) {
            assertJoined(socket.join(room), room);
        }
        for (TestUsers.Session refused : new TestUsers.Session[] {other, technician}) {
            try (TestSocket socket = TestSocket.connected(port, refused.accessToken())) {
                assertForbidden(socket.join(room), room);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer", "technician", "admin"})
    void roomsOfBookingsAndTicketsThatDoNotExistAreForbiddenLikeAnyRefusal(String role) {
        TestUsers.Session stranger = users.customer();
        String someonesBooking = "booking:" + domain.book(users.customer());
        String missingBooking = "booking:" + UUID.randomUUID();
        String missingTicket = "support:" + UUID.randomUUID();
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), role)) {
            JsonNode missing = socket.join(missingBooking);
            assertForbidden(missing, missingBooking);
            assertForbidden(socket.join(missingTicket), missingTicket);
            assertNotJoined(socket, missingBooking);
            try (TestSocket strangers = TestSocket.connected(port, stranger.accessToken())) {
                JsonNode refused = strangers.join(someonesBooking);
                assertForbidden(refused, someonesBooking);
                assertThat(missing.path("message").asString())
                        .as("nobody can tell a missing booking from someone else's")
                        .isEqualTo(refused.path("message").asString());
            }
        }
    }

    // malformed rooms

    @ParameterizedTest
    @ValueSource(
            strings = {
                "booking:123",
                "foo:3f1c1f2e-6b0a-4c56-9a51-1a9d2f8b7c10",
                "user:3F1C1F2E-6B0A-4C56-9A51-1A9D2F8B7C10",
                "USER:3f1c1f2e-6b0a-4c56-9a51-1a9d2f8b7c10",
                "user:{3f1c1f2e-6b0a-4c56-9a51-1a9d2f8b7c10}",
                "user: 3f1c1f2e-6b0a-4c56-9a51-1a9d2f8b7c1",
                "user:3f1c1f2e6b0a4c569a511a9d2f8b7c10",
                "user:",
                "user",
                "",
                "booking:3f1c1f2e-6b0a-4c56-9a51-1a9d2f8b7c10:x"
            })
    void aMalformedRoomIsInvalidRoom(String room) {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "admin")) {
            JsonNode error = socket.join(room);
            assertThat(error.path("type").asString()).as(error.toString()).isEqualTo("error");
            assertThat(error.path("code").asString()).isEqualTo("INVALID_ROOM");
            assertThat(error.path("room").asString()).isEqualTo(room);
            assertStillServed(socket);
        }
    }

    @Test
    void aJoinWithoutAStringRoomIsInvalidMessage() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "admin")) {
            for (String frame : new String[] {
                "{\"type\":\"join\"}",
                "{\"type\":\"join\",\"room\":42}",
                "{\"type\":\"join\",\"room\":null}",
                "{\"type\":\"join\",\"room\":[\"user:x\"]}",
                "{\"type\":\"join\",\"room\":{\"id\":\"x\"}}"
            }) {
                socket.send(frame);
                JsonNode error = socket.nextOfType("error");
                assertThat(error.path("code").asString()).as(frame).isEqualTo("INVALID_MESSAGE");
            }
            assertStillServed(socket);
        }
    }

    // join and leave answers

    @Test
    void leaveAnswersLeftRoomThenNotInRoom() {
        UUID customer = UUID.randomUUID();
        String room = "user:" + customer;
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            assertJoined(socket.join(room), room);
            socket.send(Map.of("type", "leave", "room", room));
            JsonNode left = socket.nextOfType("left_room");
            assertThat(left.path("room").asString()).isEqualTo(room);
            assertThat(left.path("reason").asString()).isEqualTo("left");
            assertThat(left.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
            assertNotJoined(socket, room);
        }
    }

    @Test
    void joiningTwiceAnswersTwiceButJoinsOnce() {
        UUID customer = UUID.randomUUID();
        String room = "user:" + customer;
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode first = socket.join(room);
            JsonNode second = socket.join(room);
            assertJoined(second, room);
            assertThat(second.path("epoch").asString())
                    .isEqualTo(first.path("epoch").asString());
            socket.send(Map.of("type", "leave", "room", room));
            assertThat(socket.nextOfType("left_room").path("room").asString()).isEqualTo(room);
            assertNotJoined(socket, room);
        }
    }

    // helpers

    static void assertJoined(JsonNode answer, String room) {
        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("joined_room");
        assertThat(answer.path("room").asString()).isEqualTo(room);
        assertThat(answer.has("offset")).as(answer.toString()).isTrue();
        assertThat(answer.has("epoch")).as(answer.toString()).isTrue();
    }

    static void assertForbidden(JsonNode answer, String room) {
        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("error");
        assertThat(answer.path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(answer.path("room").asString()).isEqualTo(room);
    }

    /** A refused or left room is not joined: leaving it says so. */
    static void assertNotJoined(TestSocket socket, String room) {
        Map<String, Object> leave = new LinkedHashMap<>();
        leave.put("type", "leave");
        leave.put("room", room);
        socket.send(leave);
        JsonNode answer =
                socket.nextMatching(frame -> room.equals(frame.path("room").asString()), Duration.ofSeconds(5));
        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("error");
        assertThat(answer.path("code").asString()).isEqualTo("NOT_IN_ROOM");
    }

    static void assertStillServed(TestSocket socket) {
        socket.send(Map.of("type", "ping"));
        socket.nextOfType("pong");
        assertThat(socket.isClosed()).isFalse();
    }
}
