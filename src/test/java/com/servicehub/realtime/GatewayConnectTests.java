package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.nimbusds.jose.JWSAlgorithm;
import com.servicehub.IntegrationTest;
import com.servicehub.TestUsers;

import tools.jackson.databind.JsonNode;

/** CONTRACT §3 "Connecting": the three ways to present a token, and every kind of bad token. */
class GatewayConnectTests extends IntegrationTest {

    static final String MILLISECOND_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @Test
    void acceptsTheTokenAsQueryParameter() {
        TestUsers.Session customer = users.customer();
        try (TestSocket socket = TestSocket.connect(port, customer.accessToken())) {
            assertConnected(socket, customer.id());
        }
    }

    @Test
    void acceptsTheTokenAsBearerSubprotocolPairAndAnswersBearer() {
        TestUsers.Session customer = users.customer();
        try (TestSocket socket = TestSocket.open(wsUri(), Map.of(), List.of("bearer", customer.accessToken()))) {
            assertThat(socket.socket().getSubprotocol()).isEqualTo("bearer");
            assertConnected(socket, customer.id());
        }
    }

    @Test
    void acceptsTheTokenAsAuthorizationHeader() {
        TestUsers.Session customer = users.customer();
        try (TestSocket socket =
                TestSocket.open(wsUri(), Map.of("Authorization", "Bearer " + customer.accessToken()), List.of())) {
            assertConnected(socket, customer.id());
        }
    }

    @Test
    void acceptsATokenThatAnotherNodeIssuedWithoutAStoredUser() {
        UUID someone = UUID.randomUUID();
        try (TestSocket socket = TestSocket.connect(port, TestTokens.valid(someone, "technician"))) {
            assertConnected(socket, someone);
        }
    }

    @Test
    void acceptsAnyBrowserOriginWhenNoOriginsAreConfigured() {
        UUID someone = UUID.randomUUID();
        try (TestSocket socket = TestSocket.open(
                wsUri(),
                Map.of(
                        "Origin",
                        "https://anywhere.example",
                        "Authorization",
                        "Bearer " + TestTokens.valid(someone, "customer")),
                List.of())) {
            assertConnected(socket, someone);
        }
    }

    static Stream<Arguments> invalidTokens() {
        String user = UUID.randomUUID().toString();
        Instant later = Instant.now().plus(Duration.ofMinutes(15));
        byte[] otherSecret = "another-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("garbage", "garbage"),
                Arguments.of("three garbage parts", "abc.def.ghi"),
                Arguments.of(
                        "wrong signature",
                        TestTokens.sign(
                                TestTokens.claims(user, "customer", later).build(), JWSAlgorithm.HS256, otherSecret)),
                Arguments.of(
                        "alg none",
                        TestTokens.unsigned(
                                TestTokens.claims(user, "customer", later).build())),
                Arguments.of(
                        "another HMAC algorithm with the right secret",
                        TestTokens.sign(
                                TestTokens.claims(user, "customer", later).build(),
                                JWSAlgorithm.HS384,
                                TestTokens.SECRET)),
                Arguments.of(
                        "missing sub",
                        TestTokens.sign(
                                TestTokens.claims(null, "customer", later).build(),
                                JWSAlgorithm.HS256,
                                TestTokens.SECRET)),
                Arguments.of(
                        "sub not a user id",
                        TestTokens.sign(
                                TestTokens.claims("alice", "customer", later).build(),
                                JWSAlgorithm.HS256,
                                TestTokens.SECRET)),
                Arguments.of(
                        "missing role",
                        TestTokens.sign(
                                TestTokens.claims(user, null, later).build(), JWSAlgorithm.HS256, TestTokens.SECRET)),
                Arguments.of(
                        "unknown role",
                        TestTokens.sign(
                                TestTokens.claims(user, "superuser", later).build(),
                                JWSAlgorithm.HS256,
                                TestTokens.SECRET)),
                Arguments.of(
                        "role in upper case",
                        TestTokens.sign(
                                TestTokens.claims(user, "ADMIN", later).build(),
                                JWSAlgorithm.HS256,
                                TestTokens.SECRET)),
                Arguments.of(
                        "missing exp",
                        TestTokens.sign(
                                TestTokens.claims(user, "customer", null).build(),
                                JWSAlgorithm.HS256,
                                TestTokens.SECRET)),
                Arguments.of(
                        "nbf in the future",
                        TestTokens.sign(
                                TestTokens.claims(user, "customer", later)
                                        .notBeforeTime(java.util.Date.from(
                                                Instant.now().plus(Duration.ofMinutes(5))))
                                        .build(),
                                JWSAlgorithm.HS256,
                                TestTokens.SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void completesTheUpgradeThenClosesABadTokenWith1008InvalidToken(String kind, String token) {
        try (TestSocket socket = TestSocket.connect(port, token)) {
            assertClosedBeforeAnyFrame(socket, "invalid token");
        }
    }

    @Test
    void closesAnExpiredTokenWith1008TokenExpired() {
        String expired = TestTokens.expiringAt(
                UUID.randomUUID(), "customer", Instant.now().minusSeconds(5));
        try (TestSocket socket = TestSocket.connect(port, expired)) {
            assertClosedBeforeAnyFrame(socket, "token expired");
        }
    }

    @Test
    void closesAConnectionWithoutAnyTokenWith1008InvalidToken() {
        try (TestSocket socket = TestSocket.connect(port, null)) {
            assertClosedBeforeAnyFrame(socket, "invalid token");
        }
    }

    @Test
    void checksTheTokenTheSameWayWhicheverWayItIsPresented() {
        String expired = TestTokens.expiringAt(
                UUID.randomUUID(), "customer", Instant.now().minusSeconds(5));
        try (TestSocket socket = TestSocket.open(wsUri(), Map.of(), List.of("bearer", "garbage"))) {
            assertClosedBeforeAnyFrame(socket, "invalid token");
        }
        try (TestSocket socket = TestSocket.open(wsUri(), Map.of("Authorization", "Bearer garbage"), List.of())) {
            assertClosedBeforeAnyFrame(socket, "invalid token");
        }
        try (TestSocket socket = TestSocket.open(wsUri(), Map.of("Authorization", "Bearer " + expired), List.of())) {
            assertClosedBeforeAnyFrame(socket, "token expired");
        }
    }

    private URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    static void assertConnected(TestSocket socket, UUID userId) {
        JsonNode connected = socket.next();
        assertThat(connected.path("type").asString()).as(connected.toString()).isEqualTo("connected");
        assertThat(connected.path("userId").asString()).isEqualTo(userId.toString());
        assertThat(connected.path("timestamp").asString()).matches(MILLISECOND_TIMESTAMP);
        socket.send(Map.of("type", "ping"));
        assertThat(socket.nextOfType("pong").path("timestamp").asString()).matches(MILLISECOND_TIMESTAMP);
    }

    /** The upgrade completed (the client opened), then only a close: no frame before it. */
    static void assertClosedBeforeAnyFrame(TestSocket socket, String reason) {
        TestSocket.Close close = socket.awaitClose();
        assertThat(close).isEqualTo(new TestSocket.Close(1008, reason));
        assertThat(socket.received()).isEmpty();
    }
}
