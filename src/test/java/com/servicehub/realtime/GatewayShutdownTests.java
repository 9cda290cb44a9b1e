package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CONTRACT §3: on shutdown every connection is closed with 1001 so apps reconnect elsewhere. */
class GatewayShutdownTests {

    static ClusterNodes node;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(Map.of());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void closesEveryConnectionWith1001OnShutdown() {
        UUID customer = UUID.randomUUID();
        try (TestSocket idle = TestSocket.connected(node.port(0), TestTokens.valid(customer, "customer"));
                TestSocket inARoom = TestSocket.connected(node.port(0), TestTokens.valid(UUID.randomUUID(), "admin"))) {
            GatewayRoomTests.assertJoined(inARoom.join("user:" + customer), "user:" + customer);

            node.context(0).close();

            for (TestSocket socket : new TestSocket[] { idle, inARoom }) {
                TestSocket.Close close = socket.awaitClose();
                assertThat(close.code()).as("%s", close).isEqualTo(1001);
            }
        }
    }
}
