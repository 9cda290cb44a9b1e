package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One user or one host cannot take a node's sockets for itself, and an HTTP connection that never
 * sends a request does not stay open for ever.
 */
class GatewayConnectionCapTests {

    static ClusterNodes node;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(Map.of(
                "servicehub.realtime.max-connections-per-user",
                2,
                "servicehub.realtime.max-connections-per-address",
                4,
                "server.netty.idle-timeout",
                "1s"));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aUsersSocketPastTheCapIsClosedWith1008AndTheCountIsGivenBackOnClose() {
        String token = TestTokens.valid(UUID.randomUUID(), "customer");
        try (TestSocket first = TestSocket.connected(node.port(0), token);
                TestSocket second = TestSocket.connected(node.port(0), token)) {
            try (TestSocket third = TestSocket.connect(node.port(0), token)) {
                TestSocket.Close close = third.awaitClose();
                assertThat(close).isEqualTo(new TestSocket.Close(1008, "too many connections"));
                assertThat(third.received())
                        .as("nothing is sent before the close")
                        .isEmpty();
            }
            assertThat(first.join("user:" + UUID.randomUUID()).path("type").asString())
                    .as("the user's other sockets are unharmed")
                    .isEqualTo("error");
            first.closeNormally();
            awaitUserSlotFree(token);
        }
    }

    @Test
    void anAddressPastItsCapIsClosedWith1008() {
        Hub hub = node.context(0).getBean(Hub.class);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.connectionCount() == 0);
        List<TestSocket> open = new ArrayList<>();
        try {
            TestSocket refused = null;
            for (int i = 0; i < 6 && refused == null; i++) {
                TestSocket socket = TestSocket.connect(node.port(0), TestTokens.valid(UUID.randomUUID(), "customer"));
                open.add(socket);
                JsonFrame first = JsonFrame.of(socket);
                if (first.closed()) {
                    refused = socket;
                }
            }
            assertThat(refused).as("a fifth socket from one address is refused").isNotNull();
            assertThat(refused.awaitClose()).isEqualTo(new TestSocket.Close(1008, "too many connections"));
            assertThat(open.stream().filter(socket -> !socket.isClosed()).count())
                    .isEqualTo(4);
        } finally {
            open.forEach(TestSocket::close);
        }
    }

    @Test
    void anHttpConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        try (Socket silent = new Socket("127.0.0.1", node.port(0))) {
            silent.setSoTimeout(15_000);
            InputStream in = silent.getInputStream();
            assertThat(in.read())
                    .as("closed by the server, not by our read timeout")
                    .isEqualTo(-1);
        }
    }

    @Test
    void anIdleWebSocketOutlivesTheHttpIdleTimeout() throws InterruptedException {
        try (TestSocket socket = TestSocket.connected(node.port(0), TestTokens.valid(UUID.randomUUID(), "customer"))) {
            Thread.sleep(2_500);
            assertThat(socket.isClosed()).isFalse();
            UUID customer = UUID.randomUUID();
            assertThat(socket.join("user:" + customer).path("code").asString()).isEqualTo("FORBIDDEN");
        }
    }

    private static void awaitUserSlotFree(String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (TestSocket again = TestSocket.connect(node.port(0), token)) {
                JsonFrame first = JsonFrame.of(again);
                if (!first.closed()) {
                    assertThat(first.frame().path("type").asString()).isEqualTo("connected");
                    return;
                }
            }
            assertThat(System.nanoTime())
                    .as("a closed socket gives its slot back")
                    .isLessThan(deadline);
        }
    }

    /** The first thing a socket sees: a frame, or its close. */
    private record JsonFrame(tools.jackson.databind.JsonNode frame, boolean closed) {

        static JsonFrame of(TestSocket socket) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                if (!socket.received().isEmpty()) {
                    return new JsonFrame(socket.received().get(0), false);
                }
                if (socket.isClosed()) {
                    return new JsonFrame(null, true);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }
            throw new AssertionError("neither a frame nor a close within 10 s");
        }
    }
}
