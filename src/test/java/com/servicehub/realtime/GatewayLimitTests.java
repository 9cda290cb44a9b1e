package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;

/** CONTRACT §3 limits that close: frame size, binary frames, sustained flooding. */
class GatewayLimitTests extends IntegrationTest {

    static final int MAX_FRAME_BYTES = 64 * 1024;

    @Test
    void acceptsATextFrameOfExactly64KiB() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            socket.send(pingOfLength(MAX_FRAME_BYTES));
            assertThat(socket.nextOfType("pong")).isNotNull();
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void closesATextFrameOver64KiBWith1009() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            socket.send(pingOfLength(MAX_FRAME_BYTES + 1));
            assertThat(socket.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void closesAFragmentedTextMessageOver64KiBWith1009() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            String whole = pingOfLength(MAX_FRAME_BYTES + 1000);
            int half = whole.length() / 2;
            socket.socket().sendText(whole.substring(0, half), false).join();
            try {
                socket.socket().sendText(whole.substring(half), true).join();
            } catch (CompletionException ex) {
                // the server may already have closed after the first part
            }
            assertThat(socket.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void acceptsAFragmentedTextMessageWithinTheLimit() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            String whole = pingOfLength(MAX_FRAME_BYTES - 10);
            int third = whole.length() / 3;
            socket.socket().sendText(whole.substring(0, third), false).join();
            socket.socket().sendText(whole.substring(third, 2 * third), false).join();
            socket.socket().sendText(whole.substring(2 * third), true).join();
            assertThat(socket.nextOfType("pong")).isNotNull();
        }
    }

    @Test
    void closesABinaryFrameWith1003() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            socket.sendBinary("{\"type\":\"ping\"}".getBytes());
            assertThat(socket.awaitClose().code()).isEqualTo(1003);
            assertThat(socket.received())
                    .noneMatch(frame -> "pong".equals(frame.path("type").asString()));
        }
    }

    @Test
    void closesASustainedFloodWith1008() {
        try (TestSocket socket = TestSocket.connected(port, UUID.randomUUID(), "customer")) {
            for (int i = 0; i < 300 && !socket.isClosed(); i++) {
                try {
                    socket.send("{\"type\":\"ping\"}");
                } catch (CompletionException | IllegalStateException ex) {
                    break; // the server closed while we were still sending
                }
            }
            TestSocket.Close close = socket.awaitClose();
            assertThat(close.code()).isEqualTo(1008);
            assertThat(socket.received())
                    .anyMatch(frame -> "RATE_LIMITED".equals(frame.path("code").asString()));
        }
    }

    /** A ping frame padded with an unknown field to exactly {@code length} bytes. */
    static String pingOfLength(int length) {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        String tail = "\"}";
        return head + "x".repeat(length - head.length() - tail.length()) + tail;
    }
}
