package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CONTRACT §5 {@code ALLOWED_ORIGINS}: browsers of other origins cannot open the socket. */
class GatewayOriginTests {

    static ClusterNodes node;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(
                Map.of("servicehub.web.allowed-origins", "https://app.example,https://admin.example"));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example",
                "http://app.example",
                "https://app.example:8443",
                "https://app.example.evil.example",
                "null"
            })
    void refusesTheUpgradeFromAnotherOriginWith403(String origin) {
        Throwable failure = catchThrowable(() -> open(Map.of("Origin", origin)).close());
        assertThat(failure).isNotNull();
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) cause).getResponse().statusCode())
                .isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example", "https://admin.example"})
    void acceptsAnAllowedOrigin(String origin) {
        UUID user = UUID.randomUUID();
        try (TestSocket socket =
                open(Map.of("Origin", origin, "Authorization", "Bearer " + TestTokens.valid(user, "customer")))) {
            GatewayConnectTests.assertConnected(socket, user);
        }
    }

    @Test
    void acceptsAClientThatSendsNoOrigin() {
        UUID user = UUID.randomUUID();
        try (TestSocket socket = open(Map.of("Authorization", "Bearer " + TestTokens.valid(user, "customer")))) {
            GatewayConnectTests.assertConnected(socket, user);
        }
    }

    private static TestSocket open(Map<String, String> headers) {
        return TestSocket.open(URI.create("ws://127.0.0.1:" + node.port(0) + "/ws"), headers, List.of());
    }
}
