package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.servicehub.IntegrationTest;
import com.servicehub.system.Timestamps;

import tools.jackson.databind.JsonNode;

/**
 * CONTRACT §3 "Missed events" on one node (in-memory history): what a client missed while away
 * is replayed on {@code join} with {@code since}, or it is told that it cannot be.
 */
class GatewayRecoveryTests extends IntegrationTest {

    @Autowired
    Broker broker;

    @Test
    void replaysExactlyTheEventsMissedWhileAway() {
        UUID customer = UUID.randomUUID();
        String room = "user:" + customer;
        Position left = joinAndLeave(customer);

        List<UUID> published = publishStatusChanges(customer, 3);

        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = joinSince(socket, room, left.offset(), left.epoch());
            assertThat(joined.path("recovered").asBoolean())
                    .as(joined.toString())
                    .isTrue();
            assertThat(joined.path("offset").asLong()).isEqualTo(left.offset() + 3);
            assertThat(joined.path("epoch").asString()).isEqualTo(left.epoch());
            for (int i = 0; i < 3; i++) {
                JsonNode update = socket.nextOfType("status_update");
                assertThat(update.path("bookingId").asString())
                        .isEqualTo(published.get(i).toString());
                assertThat(update.path("room").asString()).isEqualTo(room);
                assertThat(update.path("offset").asLong()).isEqualTo(left.offset() + 1 + i);
                assertThat(update.path("epoch").asString()).isEqualTo(left.epoch());
            }
            assertThat(socket.drain(Duration.ofMillis(500)))
                    .as("no more than was missed")
                    .isEmpty();

            // then live, with no gap and no duplicate
            UUID live = publishStatusChanges(customer, 1).get(0);
            JsonNode next = socket.nextOfType("status_update");
            assertThat(next.path("bookingId").asString()).isEqualTo(live.toString());
            assertThat(next.path("offset").asLong()).isEqualTo(left.offset() + 4);
        }
    }

    @Test
    void aConnectionAlreadyInTheRoomIsReplayedNothingAndToldOnlyWhatItHolds() {
        UUID customer = UUID.randomUUID();
        String room = "user:" + customer;
        publishStatusChanges(customer, 3);
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = socket.join(room);
            long top = joined.path("offset").asLong();
            String epoch = joined.path("epoch").asString();

            JsonNode older = joinSince(socket, room, top - 2, epoch);
            assertThat(older.path("recovered").asBoolean(true))
                    .as("events before it joined were never sent on it")
                    .isFalse();
            JsonNode current = joinSince(socket, room, top, epoch);
            assertThat(current.path("recovered").asBoolean()).isTrue();
            assertThat(current.path("offset").asLong()).isEqualTo(top);
            assertThat(socket.drain(Duration.ofMillis(300)))
                    .as("nothing replayed, no second membership")
                    .isEmpty();

            publishStatusChanges(customer, 1);
            assertThat(socket.nextOfType("status_update").path("offset").asLong())
                    .isEqualTo(top + 1);
            assertThat(socket.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aClientThatMissedNothingRecoversWithNothingToReplay() {
        UUID customer = UUID.randomUUID();
        Position left = joinAndLeave(customer);
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = joinSince(socket, "user:" + customer, left.offset(), left.epoch());
            assertThat(joined.path("recovered").asBoolean())
                    .as(joined.toString())
                    .isTrue();
            assertThat(joined.path("offset").asLong()).isEqualTo(left.offset());
            assertThat(socket.drain(Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void anotherEpochIsNotRecoveredAndNothingIsReplayed() {
        UUID customer = UUID.randomUUID();
        Position left = joinAndLeave(customer);
        publishStatusChanges(customer, 3);
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = joinSince(socket, "user:" + customer, left.offset(), left.epoch() + "-old");
            assertThat(joined.path("recovered").asBoolean(true))
                    .as(joined.toString())
                    .isFalse();
            assertThat(joined.path("offset").asLong()).isEqualTo(left.offset() + 3);
            assertThat(joined.path("epoch").asString()).isEqualTo(left.epoch());
            assertThat(socket.drain(Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void anOffsetFromTheFutureIsNotRecovered() {
        UUID customer = UUID.randomUUID();
        Position left = joinAndLeave(customer);
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = joinSince(socket, "user:" + customer, left.offset() + 10, left.epoch());
            assertThat(joined.path("recovered").asBoolean(true))
                    .as(joined.toString())
                    .isFalse();
            assertThat(socket.drain(Duration.ofMillis(500))).isEmpty();
        }
    }

    /** The history keeps a room's last 100 events: an app that missed 150 is told to reload. */
    @Test
    void oneHundredFiftyEventsWhileAwayAreNotRecovered() {
        UUID customer = UUID.randomUUID();
        Position left = joinAndLeave(customer);
        publishStatusChanges(customer, 150);
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = joinSince(socket, "user:" + customer, left.offset(), left.epoch());
            assertThat(joined.path("recovered").asBoolean(true))
                    .as(joined.toString())
                    .isFalse();
            assertThat(joined.path("offset").asLong()).isEqualTo(left.offset() + 150);
            assertThat(socket.drain(Duration.ofMillis(500)))
                    .as("nothing is replayed")
                    .isEmpty();
        }
    }

    @Test
    void everyRoomOfAnEventHasItsOwnOffsets() {
        UUID customer = UUID.randomUUID();
        UUID booking = UUID.randomUUID();
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "admin")) {
            String userRoom = "user:" + customer;
            long userOffset = socket.join(userRoom).path("offset").asLong();
            // the booking room does not exist in the database, but the admin's user-room copy tells its offset
            broker.publish(new RoomEvent.StatusChanged(booking, customer, "confirmed", Timestamps.now()));
            broker.publish(new RoomEvent.StatusChanged(booking, customer, "assigned", Timestamps.now()));
            JsonNode first = socket.nextOfType("status_update");
            JsonNode second = socket.nextOfType("status_update");
            assertThat(first.path("room").asString()).isEqualTo(userRoom);
            assertThat(first.path("status").asString()).isEqualTo("confirmed");
            assertThat(first.path("offset").asLong()).isEqualTo(userOffset + 1);
            assertThat(second.path("status").asString()).isEqualTo("assigned");
            assertThat(second.path("offset").asLong()).isEqualTo(userOffset + 2);
        }
    }

    // helpers

    record Position(long offset, String epoch) {}

    /** Joins the user's room, notes where it stands, and disconnects. */
    private Position joinAndLeave(UUID customer) {
        try (TestSocket socket = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = socket.join("user:" + customer);
            GatewayRoomTests.assertJoined(joined, "user:" + customer);
            return new Position(
                    joined.path("offset").asLong(), joined.path("epoch").asString());
        }
    }

    private List<UUID> publishStatusChanges(UUID customer, int count) {
        List<UUID> bookings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID booking = UUID.randomUUID();
            bookings.add(booking);
            broker.publish(new RoomEvent.StatusChanged(booking, customer, "en_route", Timestamps.now()));
        }
        return bookings;
    }

    static JsonNode joinSince(TestSocket socket, String room, long offset, String epoch) {
        socket.send(Map.of("type", "join", "room", room, "since", Map.of("offset", offset, "epoch", epoch)));
        JsonNode joined =
                socket.nextMatching(frame -> room.equals(frame.path("room").asString()), Duration.ofSeconds(5));
        assertThat(joined.path("type").asString()).as(joined.toString()).isEqualTo("joined_room");
        return joined;
    }
}
