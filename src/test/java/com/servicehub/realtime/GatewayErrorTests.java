package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.servicehub.IntegrationTest;

import tools.jackson.databind.JsonNode;

/** CONTRACT §3 error codes: each one is answered with an {@code error} frame and never closes. */
class GatewayErrorTests extends IntegrationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "{\"type\":\"ping\"",
                "[1,2,3]",
                "\"ping\"",
                "42",
                "null",
                "{}",
                "{\"room\":\"user:x\"}",
                "{\"type\":7}",
                "{\"type\":null}",
                "{\"type\":{\"name\":\"ping\"}}",
                "{\"type\":\"leave\",\"room\":7}",
                "{\"type\":\"typing\",\"room\":7,\"data\":{\"isTyping\":true}}",
                "{\"type\":\"typing\",\"room\":\"user:x\"}",
                "{\"type\":\"typing\",\"room\":\"user:x\",\"data\":{\"isTyping\":\"yes\"}}",
                "{\"type\":\"typing\",\"room\":\"user:x\",\"data\":true}",
                "{\"type\":\"auth\"}",
                "{\"type\":\"auth\",\"token\":42}",
                "{\"type\":\"join\",\"room\":\"user:x\",\"since\":5}",
                "{\"type\":\"join\",\"room\":\"user:x\",\"since\":{\"offset\":\"3\",\"epoch\":\"e\"}}",
                "{\"type\":\"join\",\"room\":\"user:x\",\"since\":{\"offset\":-1,\"epoch\":\"e\"}}",
                "{\"type\":\"join\",\"room\":\"user:x\",\"since\":{\"offset\":1.5,\"epoch\":\"e\"}}",
                "{\"type\":\"join\",\"room\":\"user:x\",\"since\":{\"offset\":3}}"
            })
    void answersInvalidMessageAndStaysOpen(String frame) {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            socket.send(frame);
            assertError(socket.nextOfType("error"), "INVALID_MESSAGE");
            assertStillServed(socket);
        }
    }

    @Test
    void answersUnknownTypeAndStaysOpen() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            socket.send("{\"type\":\"subscribe\",\"room\":\"user:x\"}");
            assertError(socket.nextOfType("error"), "UNKNOWN_TYPE");
            socket.send("{\"type\":\"PING\"}");
            assertError(socket.nextOfType("error"), "UNKNOWN_TYPE");
            assertStillServed(socket);
        }
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            socket.send("{\"type\":\"ping\",\"id\":17,\"extra\":{\"a\":[1,2]}}");
            assertThat(socket.next().path("type").asString()).isEqualTo("pong");
        }
    }

    @Test
    void answersNotInRoomToLeaveOrTypingWithoutJoining() {
        UUID user = UUID.randomUUID();
        String room = "user:" + user;
        try (TestSocket socket = TestSocket.connected(port, user, "customer")) {
            socket.send(Map.of("type", "leave", "room", room));
            JsonNode leave = socket.nextOfType("error");
            assertError(leave, "NOT_IN_ROOM");
            assertThat(leave.path("room").asString()).isEqualTo(room);
            socket.send(Map.of("type", "typing", "room", room, "data", Map.of("isTyping", true)));
            JsonNode typing = socket.nextOfType("error");
            assertError(typing, "NOT_IN_ROOM");
            assertThat(typing.path("room").asString()).isEqualTo(room);
            assertStillServed(socket);
        }
    }

    /** Admins may join any user room, so 100 of them fill a connection without touching the database. */
    @Test
    void answersTooManyRoomsPastOneHundredRooms() throws InterruptedException {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "admin")) {
            String first = null;
            for (int i = 0; i < 100; i++) {
                String room = "user:" + UUID.randomUUID();
                first = first == null ? room : first;
                GatewayRoomTests.assertJoined(socket.join(room), room);
                if (i % 15 == 14) {
                    Thread.sleep(1000); // stay under 20 frames per second
                }
            }
            Thread.sleep(1000);
            String extra = "user:" + UUID.randomUUID();
            JsonNode refused = socket.join(extra);
            assertError(refused, "TOO_MANY_ROOMS");
            assertThat(refused.path("room").asString()).isEqualTo(extra);
            GatewayRoomTests.assertNotJoined(socket, extra);

            // a room already joined is still answered, and leaving one makes room for another
            GatewayRoomTests.assertJoined(socket.join(first), first);
            socket.send(Map.of("type", "leave", "room", first));
            assertThat(socket.nextOfType("left_room").path("room").asString()).isEqualTo(first);
            GatewayRoomTests.assertJoined(socket.join(extra), extra);
            assertStillServed(socket);
        }
    }

    @Test
    void answersRateLimitedToABurstAndServesAgainOnceItPasses() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            for (int i = 0; i < 60; i++) {
                socket.send("{\"type\":\"ping\"}");
            }
            int pongs = 0;
            int limited = 0;
            for (int i = 0; i < 60; i++) {
                JsonNode answer = socket.next();
                if ("pong".equals(answer.path("type").asString())) {
                    pongs++;
                } else {
                    assertError(answer, "RATE_LIMITED");
                    limited++;
                }
            }
            assertThat(pongs).as("the burst of 40 is served").isGreaterThanOrEqualTo(40);
            assertThat(limited).as("what is past the burst is refused").isPositive();
            assertThat(socket.drain(Duration.ofMillis(300))).isEmpty();
            assertThat(socket.isClosed()).isFalse();
            Awaitility.await()
                    .pollDelay(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> {
                        socket.send("{\"type\":\"ping\"}");
                        assertThat(socket.next().path("type").asString()).isEqualTo("pong");
                    });
        }
    }

    static void assertError(JsonNode frame, String code) {
        assertThat(frame.path("type").asString()).as(frame.toString()).isEqualTo("error");
        assertThat(frame.path("code").asString()).as(frame.toString()).isEqualTo(code);
        assertThat(frame.path("message").asString()).isNotBlank();
        assertThat(frame.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);
    }

    static void assertStillServed(TestSocket socket) {
        GatewayRoomTests.assertStillServed(socket);
    }
}
