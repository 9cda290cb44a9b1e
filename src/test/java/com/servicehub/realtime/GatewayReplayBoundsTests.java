package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.system.Timestamps;

import tools.jackson.databind.JsonNode;

/**
 * What one client can make a node send it is bounded: history is read in pages, a replay
 * larger than a connection may be sent at once is refused ({@code recovered: false}), and direct
 * replies count against the same bound as fan-out, so a client that keeps asking for replays
 * without reading is closed with 1013 instead of filling the node's memory.
 */
class GatewayReplayBoundsTests {

    static ClusterNodes node;
    static Broker broker;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(Map.of("servicehub.realtime.history.size", 1000));
        broker = node.context(0).getBean(Broker.class);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    static String epochOf(UUID user) {
        try (TestSocket socket = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
            return socket.join("user:" + user).path("epoch").asString();
        }
    }

    static void statusChanges(UUID user, int count) {
        for (int i = 0; i < count; i++) {
            broker.publish(new RoomEvent.StatusChanged(UUID.randomUUID(), user, "en_route", Timestamps.now()));
        }
    }

    @Test
    void aLongHistoryIsReplayedWholeAndInOrderThoughReadInPages() {
        UUID user = UUID.randomUUID();
        String epoch = epochOf(user);
        statusChanges(user, 450);
        try (TestSocket socket = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
            JsonNode joined = GatewayRecoveryTests.joinSince(socket, "user:" + user, 0, epoch);
            assertThat(joined.path("recovered").asBoolean())
                    .as(joined.toString())
                    .isTrue();
            for (int i = 1; i <= 450; i++) {
                assertThat(socket.nextOfType("status_update").path("offset").asLong())
                        .isEqualTo(i);
            }
        }
    }

    @Test
    void aReplayLargerThanAConnectionMayBeSentIsNotRecoveredAndTheConnectionGoesOn() {
        UUID user = UUID.randomUUID();
        String epoch = epochOf(user);
        String text = "m".repeat(4000);
        for (int i = 0; i < 300; i++) { // 1.2 MB
            broker.publish(new RoomEvent.MessagePosted(
                    UUID.randomUUID(),
                    user,
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    text,
                    Timestamps.now(),
                    Timestamps.now()));
        }
        try (TestSocket socket = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
            JsonNode joined = GatewayRecoveryTests.joinSince(socket, "user:" + user, 0, epoch);
            assertThat(joined.path("recovered").asBoolean(true))
                    .as(joined.toString())
                    .isFalse();
            assertThat(joined.path("offset").asLong()).isEqualTo(300);
            assertThat(socket.drain(Duration.ofMillis(500))).isEmpty();
            statusChanges(user, 1);
            assertThat(socket.nextOfType("status_update").path("offset").asLong())
                    .isEqualTo(301);
        }
    }

    @Test
    void aClientAskingForReplaysWithoutReadingIsClosedAsSlow() {
        UUID user = UUID.randomUUID();
        String room = "user:" + user;
        String epoch = epochOf(user);
        statusChanges(user, 1000); // each full replay: about 230 KB, under the replay bound
        Hub hub = node.context(0).getBean(Hub.class);
        try (TestSocket socket = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
            socket.pauseReading();
            for (int i = 0; i < 12; i++) {
                socket.send(Map.of("type", "join", "room", room, "since", Map.of("offset", 0, "epoch", epoch)));
                socket.send(Map.of("type", "leave", "room", room));
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> hub.connections().stream()
                            .noneMatch(connection -> connection.userId().equals(user) && connection.closeCode == 0));
            assertThat(hub.connections().stream()
                            .filter(connection -> connection.userId().equals(user))
                            .map(connection -> connection.closeCode)
                            .toList())
                    .allMatch(code -> code == CloseCodes.TRY_AGAIN_LATER);
            socket.resumeReading();
            TestSocket.Close close = socket.awaitClose(Duration.ofSeconds(30));
            assertThat(close.code()).as("%s", close).isEqualTo(1013);
        }
    }
}
