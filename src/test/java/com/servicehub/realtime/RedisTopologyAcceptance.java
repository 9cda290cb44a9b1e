package com.servicehub.realtime;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/**
 * What two nodes must do for their clients whatever the Redis behind them is (one server,
 * Sentinel, Cluster): a REST change on one node reaches the other's rooms with its stream
 * position, and a client that moves to the other node recovers what it missed.
 */
abstract class RedisTopologyAcceptance {

    /** Two nodes sharing the Redis under test. */
    abstract ClusterNodes cluster();

    /** Where a client stands in a room: the offset and epoch it last saw. */
    record Position(long offset, String epoch) {}

    TestApi api(int node) {
        return new TestApi(cluster().port(node));
    }

    Position joinAndNote(TestSocket socket, String room) {
        JsonNode joined = socket.join(room);
        assertThat(joined.path("type").asString()).as(joined.toString()).isEqualTo("joined_room");
        return new Position(joined.path("offset").asLong(), joined.path("epoch").asString());
    }

    JsonNode rejoin(TestSocket socket, String room, Position since) {
        socket.send(Map.of(
                "type", "join", "room", room, "since", Map.of("offset", since.offset(), "epoch", since.epoch())));
        return socket.nextOfType("joined_room");
    }

    /** A booking of {@code customer}'s with {@code technician} assigned, made on node 0. */
    String assignedBooking(Session customer, Session technician, Session admin) {
        TestApi.Response created = api(0).post(
                        "/api/v2/bookings",
                        customer.accessToken(),
                        body(
                                "serviceType",
                                "Plumbing",
                                "address",
                                "7 King Fahd Rd",
                                "scheduledAt",
                                Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String booking = created.text("id");
        assertThat(api(0).put(
                                "/api/v2/bookings/" + booking + "/technician",
                                admin.accessToken(),
                                body("technicianId", technician.id().toString()))
                        .status())
                .isEqualTo(200);
        return booking;
    }

    void setStatus(int node, Session technician, String booking, String status) {
        TestApi.Response answer = api(node)
                .patch("/api/v2/bookings/" + booking + "/status", technician.accessToken(), body("status", status));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    }

    @Test
    void aRestChangeOnOneNodeReachesEveryRoomOnTheOtherWithItsPosition() {
        TestUsers users = new TestUsers(api(0));
        Session customer = users.customer();
        Session technician = users.technician();
        // Several bookings: their rooms' keys fall in different slots (on different Cluster nodes).
        List<String> bookings = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bookings.add(assignedBooking(customer, technician, users.admin()));
        }
        try (TestSocket onB = TestSocket.connected(cluster().port(1), customer.accessToken())) {
            for (String booking : bookings) {
                joinAndNote(onB, "booking:" + booking);
            }
            Position user = joinAndNote(onB, "user:" + customer.id());
            for (String booking : bookings) {
                setStatus(0, technician, booking, "en_route");
            }
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < bookings.size() * 2; i++) {
                JsonNode update = onB.nextOfType("status_update");
                assertThat(update.path("status").asString()).isEqualTo("en_route");
                assertThat(update.path("offset").isNumber())
                        .as(update.toString())
                        .isTrue();
                assertThat(update.path("epoch").asString()).isNotBlank();
                seen.add(update.path("room").asString() + " "
                        + update.path("offset").asLong());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < bookings.size(); i++) {
                expected.add("user:" + customer.id() + " " + (user.offset() + i + 1));
            }
            assertThat(seen).containsAll(expected);
            assertThat(seen).filteredOn(entry -> entry.startsWith("booking:")).hasSize(bookings.size());
            assertThat(onB.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aClientThatMovesToTheOtherNodeRecoversWhatItMissed() {
        TestUsers users = new TestUsers(api(0));
        Session customer = users.customer();
        Session technician = users.technician();
        String booking = assignedBooking(customer, technician, users.admin());
        String room = "booking:" + booking;
        Position position;
        try (TestSocket onA = TestSocket.connected(cluster().port(0), customer.accessToken())) {
            position = joinAndNote(onA, room);
        }
        for (String status : List.of("en_route", "arrived")) {
            setStatus(0, technician, booking, status);
        }
        try (TestSocket onB = TestSocket.connected(cluster().port(1), customer.accessToken())) {
            JsonNode joined = rejoin(onB, room, position);
            assertThat(joined.path("recovered").asBoolean())
                    .as(joined.toString())
                    .isTrue();
            for (int i = 1; i <= 2; i++) {
                JsonNode update = onB.nextOfType("status_update");
                assertThat(update.path("offset").asLong()).isEqualTo(position.offset() + i);
                assertThat(update.path("epoch").asString()).isEqualTo(position.epoch());
            }
            assertThat(onB.drain(Duration.ofMillis(300))).isEmpty();
        }
    }
}
