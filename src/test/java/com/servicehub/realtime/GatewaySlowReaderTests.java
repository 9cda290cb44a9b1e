package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.system.Timestamps;

/**
 * CONTRACT §3: a client that reads too slowly is closed with 1013 and slows nobody else down.
 * The node bounds each connection at 64 KiB (so the bound is reached soon after the kernel's
 * buffers fill), keeps little history (the test publishes a lot), and gives a closing
 * connection 30 s to read its backlog, so the slow reader can still see its close frame.
 */
class GatewaySlowReaderTests {

    /** Bursts well inside the bound, so the reader that reads always keeps up. */
    static final int BATCH = 10;

    static final int MAX_EVENTS = 30_000;

    static ClusterNodes node;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(Map.of(
                "servicehub.realtime.max-pending-bytes",
                65536,
                "servicehub.realtime.close-grace",
                "30s",
                "servicehub.realtime.history.max-events",
                100));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aPausedReaderIsClosedWith1013WhileTheOtherKeepsReceiving() {
        Hub hub = node.context(0).getBean(Hub.class);
        Broker broker = node.context(0).getBean(Broker.class);
        UUID user = UUID.randomUUID();
        String room = "user:" + user;
        String token = TestTokens.valid(user, "customer");
        String text = "m".repeat(4000);
        UUID ticket = UUID.randomUUID();
        UUID sender = UUID.randomUUID();
        try (TestSocket fast = TestSocket.connected(node.port(0), token);
                TestSocket slow = TestSocket.connected(node.port(0), token)) {
            GatewayRoomTests.assertJoined(fast.join(room), room);
            GatewayRoomTests.assertJoined(slow.join(room), room);
            slow.pauseReading();
            // The connections themselves, which keep their close code once they are gone from the hub.
            java.util.List<Connection> theirs = hub.connections().stream()
                    .filter(connection -> connection.userId().equals(user))
                    .toList();

            int published = 0;
            while (!closedAsSlow(theirs) && published < MAX_EVENTS) {
                UUID last = null;
                for (int i = 0; i < BATCH; i++) {
                    last = UUID.randomUUID();
                    broker.publish(new RoomEvent.MessagePosted(
                            ticket, user, sender, last, text, Timestamps.now(), Timestamps.now()));
                    published++;
                }
                String lastId = last.toString();
                // every batch reaches the reader that reads, however far behind the other one is
                fast.nextMatching(
                        frame -> lastId.equals(frame.path("message").path("id").asString()), Duration.ofSeconds(30));
            }
            assertThat(closedAsSlow(theirs))
                    .as("the paused reader is closed as slow after %d events", published)
                    .isTrue();
            assertThat(fast.isClosed())
                    .as("the reader that keeps up: %s", fast.isClosed() ? fast.awaitClose() : null)
                    .isFalse();

            UUID after = UUID.randomUUID();
            broker.publish(new RoomEvent.MessagePosted(
                    ticket, user, sender, after, "after", Timestamps.now(), Timestamps.now()));
            fast.nextMatching(
                    frame -> after.toString()
                            .equals(frame.path("message").path("id").asString()),
                    Duration.ofSeconds(30));

            slow.resumeReading();
            TestSocket.Close close = slow.awaitClose(Duration.ofSeconds(60));
            assertThat(close.code()).as("%s", close).isEqualTo(1013);
        }
    }

    private static boolean closedAsSlow(java.util.List<Connection> connections) {
        return connections.stream().anyMatch(connection -> connection.closeCode == CloseCodes.TRY_AGAIN_LATER);
    }
}
