package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT §3 liveness, on a node that pings every second and gives up after 3 s of silence
 * (the contract's 25 s and 60 s, scaled down).
 */
class GatewayLivenessTests {

    static ClusterNodes node;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(
                Map.of("servicehub.realtime.ping-interval", "1s", "servicehub.realtime.pong-timeout", "3s"));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    /** The JDK client answers pings by itself, as browsers do. */
    @Test
    void aClientThatAnswersPingsStaysConnected() {
        UUID user = UUID.randomUUID();
        try (TestSocket socket = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> socket.pings() >= 6);
            assertThat(socket.isClosed()).as("closed: %s", socket.received()).isFalse();
            GatewayRoomTests.assertStillServed(socket);
        }
    }

    /**
     * Apps that connect together (all of them, after a deploy) must not be pinged together every
     * interval from then on: each connection's first ping falls at a random point of its first
     * interval. Without the spread no first ping comes sooner than one interval (1 s) after the
     * open; with it, about half of them come within 0.7 s, so the chance that none of 20 does
     * is below one in 100,000.
     */
    @Test
    void firstPingsOfConnectionsOpenedTogetherAreSpreadOverTheInterval() {
        List<TestSocket> sockets = new ArrayList<>();
        List<Long> openedAt = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                sockets.add(TestSocket.connected(node.port(0), TestTokens.valid(UUID.randomUUID(), "customer")));
                openedAt.add(System.nanoTime());
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sockets.stream().allMatch(socket -> socket.firstPingNanos() != 0));
            List<Long> firstPingMillis = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                firstPingMillis.add((sockets.get(i).firstPingNanos() - openedAt.get(i)) / 1_000_000);
            }
            assertThat(firstPingMillis)
                    .as("first ping, ms after the open")
                    .anyMatch(millis -> millis < 700)
                    .allMatch(millis -> millis < 3_000);
        } finally {
            sockets.forEach(TestSocket::close);
        }
    }

    /**
     * A client that never answers (a phone that went to sleep) is cut after the pong timeout. The
     * raw socket reads only to see the end; it never sends a pong.
     */
    @Test
    void aClientThatNeverAnswersIsClosedAfterThePongTimeout() throws IOException {
        try (Socket raw = new Socket("127.0.0.1", node.port(0))) {
            raw.setSoTimeout(30_000);
            String key = Base64.getEncoder()
                    .encodeToString(
                            UUID.randomUUID().toString().substring(0, 16).getBytes());
            raw.getOutputStream()
                    .write(("GET /ws?token=" + TestTokens.valid(UUID.randomUUID(), "customer") + " HTTP/1.1\r\n"
                                    + "Host: 127.0.0.1:" + node.port(0) + "\r\n"
                                    + "Upgrade: websocket\r\n"
                                    + "Connection: Upgrade\r\n"
                                    + "Sec-WebSocket-Key: " + key + "\r\n"
                                    + "Sec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().flush();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            String response = readHead(in);
            assertThat(response).startsWith("HTTP/1.1 101");
            long upgradedAt = System.nanoTime();

            List<Frame> frames = readFramesUntilEnd(in);
            long closedAfterMillis = (System.nanoTime() - upgradedAt) / 1_000_000;

            assertThat(frames).extracting(Frame::opcode).contains(Frame.PING);
            Frame close = frames.stream()
                    .filter(frame -> frame.opcode() == Frame.CLOSE)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no close frame before the end: " + frames));
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(closedAfterMillis).as("not before the pong timeout").isGreaterThanOrEqualTo(2_500);
        }
    }

    record Frame(int opcode, byte[] payload) {

        static final int PING = 0x9;
        static final int CLOSE = 0x8;

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("connection ended during the handshake: " + head);
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Server frames (never masked) until the server ends the TCP connection. */
    private static List<Frame> readFramesUntilEnd(DataInputStream in) throws IOException {
        List<Frame> frames = new ArrayList<>();
        try {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return frames;
                }
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                frames.add(new Frame(first & 0x0f, payload));
            }
        } catch (EOFException | SocketException ex) {
            return frames; // ended mid-frame or reset: ended all the same
        }
    }
}
