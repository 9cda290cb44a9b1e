package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;

/**
 * CONTRACT §3: on shutdown every connection is closed with 1001 so apps reconnect elsewhere; the
 * node first reports itself unready, then closes in timed batches so the survivors are not hit by
 * every reconnect in the same second.
 */
class GatewayShutdownTests {

    @Test
    void closesEveryConnectionWith1001OnShutdown() {
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of())) {
            UUID customer = UUID.randomUUID();
            try (TestSocket idle = TestSocket.connected(node.port(0), TestTokens.valid(customer, "customer"));
                    TestSocket inARoom =
                            TestSocket.connected(node.port(0), TestTokens.valid(UUID.randomUUID(), "admin"))) {
                GatewayRoomTests.assertJoined(inARoom.join("user:" + customer), "user:" + customer);

                node.context(0).close();

                for (TestSocket socket : new TestSocket[] {idle, inARoom}) {
                    TestSocket.Close close = socket.awaitClose();
                    assertThat(close.code()).as("%s", close).isEqualTo(1001);
                }
            }
        }
    }

    @Test
    void reportsUnreadyFirstThenClosesInTimedBatchesAndTurnsAwayLateHandshakes() {
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of(
                "servicehub.realtime.shutdown-drain",
                "1500ms",
                "servicehub.realtime.shutdown-batch-size",
                2,
                "servicehub.realtime.shutdown-batch-interval",
                "1500ms"))) {
            int port = node.port(0);
            TestApi api = new TestApi(port, Duration.ofSeconds(10));
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
            List<TestSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    sockets.add(TestSocket.connected(port, TestTokens.valid(UUID.randomUUID(), "customer")));
                }
                CompletableFuture<Void> stopping =
                        CompletableFuture.runAsync(() -> node.context(0).close());

                Awaitility.await()
                        .atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> api.get("/actuator/health/readiness", null).status() == 503);
                assertThat(sockets).as("unready before any socket is closed").noneMatch(TestSocket::isClosed);

                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() ->
                                sockets.stream().filter(TestSocket::isClosed).count() >= 2);
                assertThat(sockets.stream().filter(TestSocket::isClosed).count())
                        .as("one batch of two, the next one an interval later")
                        .isEqualTo(2);
                try (TestSocket late = TestSocket.connect(port, TestTokens.valid(UUID.randomUUID(), "customer"))) {
                    assertThat(late.awaitClose()).isEqualTo(new TestSocket.Close(1001, "server shutting down"));
                }

                for (TestSocket socket : sockets) {
                    assertThat(socket.awaitClose().code()).isEqualTo(1001);
                }
                stopping.join();
            } finally {
                sockets.forEach(TestSocket::close);
            }
        }
    }
}
