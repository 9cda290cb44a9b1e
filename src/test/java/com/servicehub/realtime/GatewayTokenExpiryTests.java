package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.system.Timestamps;

import tools.jackson.databind.JsonNode;

/** CONTRACT §3: a token that expires closes the connection unless an {@code auth} frame replaces it. */
class GatewayTokenExpiryTests extends IntegrationTest {

    @Test
    void closesWith1008TokenExpiredWhenTheTokenRunsOut() {
        UUID user = UUID.randomUUID();
        try (TestSocket socket = connect(user, Instant.now().plusSeconds(3))) {
            TestSocket.Close close = socket.awaitClose(Duration.ofSeconds(15));
            assertThat(close).isEqualTo(new TestSocket.Close(1008, "token expired"));
        }
    }

    @Test
    void anAuthFrameWithAFreshTokenOfTheSameUserKeepsTheConnectionOpen() throws InterruptedException {
        UUID user = UUID.randomUUID();
        Instant firstExpiry = Instant.now().plusSeconds(3);
        try (TestSocket socket = connect(user, firstExpiry)) {
            String room = "user:" + user;
            GatewayRoomTests.assertJoined(socket.join(room), room);
            Instant freshExpiry = Instant.now().plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS);
            socket.send(Map.of("type", "auth", "token", TestTokens.expiringAt(user, "customer", freshExpiry)));
            JsonNode authenticated = socket.nextOfType("authenticated");
            assertThat(authenticated.path("expiresAt").asString()).isEqualTo(Timestamps.format(freshExpiry));
            assertThat(authenticated.path("timestamp").asString()).matches(GatewayConnectTests.MILLISECOND_TIMESTAMP);

            Thread.sleep(
                    Duration.between(Instant.now(), firstExpiry).plusSeconds(3).toMillis());
            assertThat(socket.isClosed())
                    .as("closed after the first token's expiry: %s", socket.received())
                    .isFalse();
            GatewayRoomTests.assertStillServed(socket);
            // the refreshed connection keeps its rooms
            socket.send(Map.of("type", "leave", "room", room));
            assertThat(socket.nextOfType("left_room").path("room").asString()).isEqualTo(room);
        }
    }

    @Test
    void anAuthFrameWithAnotherUsersTokenCloses() {
        try (TestSocket socket = connect(UUID.randomUUID(), Instant.now().plusSeconds(600))) {
            socket.send(Map.of("type", "auth", "token", TestTokens.valid(UUID.randomUUID(), "customer")));
            assertThat(socket.awaitClose()).isEqualTo(new TestSocket.Close(1008, "invalid token"));
            assertThat(socket.received())
                    .noneMatch(
                            frame -> "authenticated".equals(frame.path("type").asString()));
        }
    }

    @Test
    void anAuthFrameWithGarbageCloses() {
        try (TestSocket socket = connect(UUID.randomUUID(), Instant.now().plusSeconds(600))) {
            socket.send(Map.of("type", "auth", "token", "garbage"));
            assertThat(socket.awaitClose()).isEqualTo(new TestSocket.Close(1008, "invalid token"));
        }
    }

    @Test
    void anAuthFrameWithAnExpiredTokenCloses() {
        UUID user = UUID.randomUUID();
        try (TestSocket socket = connect(user, Instant.now().plusSeconds(600))) {
            socket.send(Map.of(
                    "type",
                    "auth",
                    "token",
                    TestTokens.expiringAt(user, "customer", Instant.now().minusSeconds(5))));
            assertThat(socket.awaitClose()).isEqualTo(new TestSocket.Close(1008, "token expired"));
        }
    }

    private TestSocket connect(UUID user, Instant expiresAt) {
        TestSocket socket = TestSocket.connect(port, TestTokens.expiringAt(user, "customer", expiresAt));
        assertThat(socket.nextOfType("connected").path("userId").asString()).isEqualTo(user.toString());
        return socket;
    }
}
