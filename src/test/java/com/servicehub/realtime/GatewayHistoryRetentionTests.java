package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.system.Timestamps;

import tools.jackson.databind.JsonNode;

/**
 * The history's two bounds: a room keeps its last 100 events, each for a time to live (here a
 * short {@code history.ttl} on a node of the test's own; 10 minutes by default).
 */
class GatewayHistoryRetentionTests {

    static ClusterNodes node;
    static Broker broker;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(Map.of("servicehub.realtime.history.ttl", "2s"));
        broker = node.context(0).getBean(Broker.class);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void eventsOlderThanTheirTimeToLiveAreNotRecovered() throws InterruptedException {
        UUID customer = UUID.randomUUID();
        JsonNode left = joinAndLeave(customer);
        publish(customer, 3);
        Thread.sleep(2500);
        try (TestSocket socket = TestSocket.connected(node.port(0), customer, "customer")) {
            JsonNode joined = GatewayRecoveryTests.joinSince(
                    socket,
                    "user:" + customer,
                    left.path("offset").asLong(),
                    left.path("epoch").asString());
            assertThat(joined.path("recovered").asBoolean(true))
                    .as(joined.toString())
                    .isFalse();
            assertThat(joined.path("offset").asLong())
                    .isEqualTo(left.path("offset").asLong() + 3);
            assertThat(socket.drain(Duration.ofMillis(500)))
                    .as("nothing is replayed")
                    .isEmpty();
        }
    }

    @Test
    void theLastHundredEventsAreStillRecoveredButNotOneMore() throws InterruptedException {
        UUID customer = UUID.randomUUID();
        String room = "user:" + customer;
        publish(customer, 30); // older events, so the history is over its bound once the client is away
        JsonNode left = joinAndLeave(customer);
        long offset = left.path("offset").asLong();
        String epoch = left.path("epoch").asString();
        publish(customer, 100);
        try (TestSocket socket = TestSocket.connected(node.port(0), customer, "customer")) {
            JsonNode oneTooMany = GatewayRecoveryTests.joinSince(socket, room, offset - 1, epoch);
            assertThat(oneTooMany.path("recovered").asBoolean(true))
                    .as(oneTooMany.toString())
                    .isFalse();
            assertThat(socket.drain(Duration.ofMillis(300))).isEmpty();
        }
        try (TestSocket socket = TestSocket.connected(node.port(0), customer, "customer")) {
            JsonNode exactly = GatewayRecoveryTests.joinSince(socket, room, offset, epoch);
            assertThat(exactly.path("recovered").asBoolean())
                    .as(exactly.toString())
                    .isTrue();
            for (int i = 1; i <= 100; i++) {
                assertThat(socket.nextOfType("status_update").path("offset").asLong())
                        .isEqualTo(offset + i);
            }
            assertThat(socket.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    /**
     * Events younger than a millisecond are within even a zero age, so the last one is published a
     * little later: then the age bound no longer holds any of the earlier ones.
     */
    private static void publish(UUID customer, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            if (i == count - 1) {
                Thread.sleep(5);
            }
            broker.publish(new RoomEvent.StatusChanged(UUID.randomUUID(), customer, "en_route", Timestamps.now()));
        }
    }

    private static JsonNode joinAndLeave(UUID customer) {
        try (TestSocket socket = TestSocket.connected(node.port(0), customer, "customer")) {
            JsonNode joined = socket.join("user:" + customer);
            GatewayRoomTests.assertJoined(joined, "user:" + customer);
            return joined;
        }
    }
}
