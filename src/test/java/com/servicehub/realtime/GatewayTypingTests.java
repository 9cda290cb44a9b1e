package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestUsers;

import tools.jackson.databind.JsonNode;

/** CONTRACT §3 typing: to the room's other connections, never back to the sender, never kept. */
class GatewayTypingTests extends IntegrationTest {

    @Test
    void typingInAUserRoomReachesTheOtherConnectionsOnly() {
        UUID customer = UUID.randomUUID();
        String room = "user:" + customer;
        try (TestSocket sender = TestSocket.connected(port, customer, "customer");
                TestSocket sameUserElsewhere = TestSocket.connected(port, customer, "customer");
                TestSocket admin = TestSocket.connected(port, UUID.randomUUID(), "admin");
                TestSocket outsider = TestSocket.connected(port, UUID.randomUUID(), "admin")) {
            for (TestSocket socket : new TestSocket[] {sender, sameUserElsewhere, admin}) {
                GatewayRoomTests.assertJoined(socket.join(room), room);
            }
            outsider.join("user:" + UUID.randomUUID());
            sender.send(typing(room, true));

            for (TestSocket receiver : new TestSocket[] {admin, sameUserElsewhere}) {
                assertTyping(receiver.nextOfType("typing"), room, customer, true);
            }
            assertThat(sender.drain(Duration.ofMillis(500))).isEmpty();
            assertThat(outsider.drain(Duration.ofMillis(100))).isEmpty();
            assertThat(admin.drain(Duration.ofMillis(100))).as("one copy").isEmpty();
        }
    }

    @Test
    void customerAndAdminSeeEachOtherTypeInASupportRoom() {
        TestUsers.Session customer = users.customer();
        TestUsers.Session admin = TestStaff.create(api, "admin");
        String room = "support:" + new TestDomain(api).openTicket(customer);
        try (TestSocket customerSocket = TestSocket.connected(port, customer.accessToken());
                TestSocket adminSocket = TestSocket.connected(port, admin.accessToken())) {
            GatewayRoomTests.assertJoined(customerSocket.join(room), room);
            GatewayRoomTests.assertJoined(adminSocket.join(room), room);

            customerSocket.send(typing(room, true));
            assertTyping(adminSocket.nextOfType("typing"), room, customer.id(), true);
            adminSocket.send(typing(room, true));
            assertTyping(customerSocket.nextOfType("typing"), room, admin.id(), true);
            adminSocket.send(typing(room, false));
            assertTyping(customerSocket.nextOfType("typing"), room, admin.id(), false);

            assertThat(customerSocket.drain(Duration.ofMillis(500))).isEmpty();
            assertThat(adminSocket.drain(Duration.ofMillis(100))).isEmpty();
        }
    }

    @Test
    void typingIsNotKeptForRecovery() {
        UUID customer = UUID.randomUUID();
        String room = "user:" + customer;
        try (TestSocket sender = TestSocket.connected(port, customer, "customer");
                TestSocket watcher = TestSocket.connected(port, customer, "customer")) {
            JsonNode joined = sender.join(room);
            watcher.join(room);
            sender.send(typing(room, true));
            watcher.nextOfType("typing");
            watcher.send(Map.of("type", "leave", "room", room));
            watcher.nextOfType("left_room");
            watcher.send(Map.of(
                    "type",
                    "join",
                    "room",
                    room,
                    "since",
                    Map.of(
                            "offset",
                            joined.path("offset").asLong(),
                            "epoch",
                            joined.path("epoch").asString())));
            JsonNode rejoined = watcher.nextOfType("joined_room");
            assertThat(rejoined.path("recovered").asBoolean()).isTrue();
            assertThat(rejoined.path("offset").asLong())
                    .isEqualTo(joined.path("offset").asLong());
            assertThat(watcher.drain(Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void typingWithoutJoiningIsNotInRoom() {
        UUID customer = UUID.randomUUID();
        String room = "user:" + customer;
        try (TestSocket sender = TestSocket.connected(port, customer, "customer");
                TestSocket member = TestSocket.connected(port, customer, "customer")) {
            GatewayRoomTests.assertJoined(member.join(room), room);
            sender.send(typing(room, true));
            JsonNode error = sender.nextOfType("error");
            assertThat(error.path("code").asString()).isEqualTo("NOT_IN_ROOM");
            assertThat(error.path("room").asString()).isEqualTo(room);
            assertThat(member.drain(Duration.ofMillis(500))).isEmpty();
        }
    }

    static Map<String, Object> typing(String room, boolean isTyping) {
        return Map.of("type", "typing", "room", room, "data", Map.of("isTyping", isTyping));
    }

    static void assertTyping(JsonNode frame, String room, UUID userId, boolean isTyping) {
        assertThat(frame.path("room").asString()).as(frame.toString()).isEqualTo(room);
        assertThat(frame.path("userId").asString()).isEqualTo(userId.toString());
        assertThat(frame.path("isTyping").isBoolean()).isTrue();
        assertThat(frame.path("isTyping").asBoolean()).isEqualTo(isTyping);
        assertThat(frame.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
        assertThat(frame.has("offset")).as("typing is ephemeral").isFalse();
        assertThat(frame.has("epoch")).isFalse();
    }
}
