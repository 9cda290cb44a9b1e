package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestUsers;

import tools.jackson.databind.JsonNode;

class GatewaySmokeTests extends IntegrationTest {

    @Test
    void connectsJoinsOwnUserRoomAndPings() {
        TestUsers.Session customer = users.customer();
        try (TestSocket socket = TestSocket.connect(port, customer.accessToken())) {
            JsonNode connected = socket.next();
            assertThat(connected.path("type").asString()).isEqualTo("connected");
            assertThat(connected.path("userId").asString())
                    .isEqualTo(customer.id().toString());
            JsonNode joined = socket.join("user:" + customer.id());
            assertThat(joined.path("type").asString()).as(joined.toString()).isEqualTo("joined_room");
            socket.send("{\"type\":\"ping\"}");
            assertThat(socket.nextOfType("pong").path("timestamp").asString()).endsWith("Z");
        }
    }

    @Test
    void badTokenIsClosedWith1008() {
        try (TestSocket socket = TestSocket.connect(port, "garbage")) {
            TestSocket.Close close = socket.awaitClose();
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).isEqualTo("invalid token");
            assertThat(socket.received()).isEmpty();
        }
    }
}
