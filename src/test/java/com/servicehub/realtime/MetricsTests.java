package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;

/**
 * The gateway's Prometheus metrics move as a scripted session goes (connect, join, denied join,
 * bad token, publish, disconnect) and the gauges return to zero after, on a node of its own.
 */
class MetricsTests {

    static ClusterNodes node;
    static TestApi api;

    @BeforeAll
    static void start() {
        // On PostgreSQL Prometheus needs an admin token unless made public (ManagementTests).
        node = ClusterNodes.startAlone(Map.of("servicehub.management.public-prometheus", true));
        api = new TestApi(node.port(0));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static double metric(String name, String labels) {
        String body = api.get("/actuator/prometheus", null).raw();
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(body);
        double total = 0;
        boolean found = false;
        while (matcher.find()) {
            String found0 = matcher.group(1) == null ? "" : matcher.group(1);
            boolean matches = true;
            for (String label : labels.isEmpty() ? new String[0] : labels.split(",")) {
                matches &= found0.contains(label);
            }
            if (matches) {
                total += Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        return found ? total : 0;
    }

    @Test
    void metricsFollowAScriptedSessionAndGaugesReturnToZero() {
        UUID user = UUID.randomUUID();
        String token = TestTokens.valid(user, "customer");
        double deniedBefore = metric("servicehub_ws_joins_denied_total", "reason=\"FORBIDDEN\"");
        double invalidBefore = metric("servicehub_ws_auth_failures_total", "reason=\"invalid\"");
        double sentBefore = metric("servicehub_ws_frames_sent_total", "type=\"status_update\"");
        double receivedBefore = metric("servicehub_ws_frames_received_total", "type=\"join\"");
        double latencyBefore = metric("servicehub_ws_publish_latency_seconds_count", "");
        double closedBefore = metric("servicehub_ws_connections_closed_total", "by=\"client\"");

        try (TestSocket socket = TestSocket.connected(node.port(0), token)) {
            assertThat(metric("servicehub_ws_connections", "")).isEqualTo(1);
            assertThat(socket.join("user:" + user).path("type").asString()).isEqualTo("joined_room");
            assertThat(metric("servicehub_ws_rooms", "")).isEqualTo(1);
            assertThat(metric("servicehub_ws_subscriptions", "")).isEqualTo(1);
            assertThat(socket.join("user:" + UUID.randomUUID()).path("code").asString())
                    .isEqualTo("FORBIDDEN");
            assertThat(metric("servicehub_ws_joins_denied_total", "reason=\"FORBIDDEN\""))
                    .isEqualTo(deniedBefore + 1);
            assertThat(metric("servicehub_ws_frames_received_total", "type=\"join\""))
                    .isEqualTo(receivedBefore + 2);

            try (TestSocket bad = TestSocket.connect(node.port(0), "not-a-token")) {
                assertThat(bad.awaitClose().code()).isEqualTo(1008);
            }
            assertThat(metric("servicehub_ws_auth_failures_total", "reason=\"invalid\""))
                    .isEqualTo(invalidBefore + 1);

            node.context(0)
                    .getBean(Broker.class)
                    .publish(new RoomEvent.StatusChanged(UUID.randomUUID(), user, "confirmed", Instant.now()));
            socket.nextOfType("status_update");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(metric("servicehub_ws_frames_sent_total", "type=\"status_update\""))
                        .isEqualTo(sentBefore + 1);
                assertThat(metric("servicehub_ws_publish_latency_seconds_count", ""))
                        .isEqualTo(latencyBefore + 1);
            });
            socket.socket().sendClose(1000, "bye").join();
            socket.awaitClose();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(metric("servicehub_ws_connections", "")).isZero();
            assertThat(metric("servicehub_ws_rooms", "")).isZero();
            assertThat(metric("servicehub_ws_subscriptions", "")).isZero();
            assertThat(metric("servicehub_ws_connections_closed_total", "by=\"client\""))
                    .isEqualTo(closedBefore + 1);
        });
    }

    @Test
    void closeCodesAClientChoosesBecomeOneLabelNotOneEach() {
        for (int code : new int[] {4000, 4321, 4999}) {
            TestSocket socket = TestSocket.connected(node.port(0), TestTokens.valid(UUID.randomUUID(), "customer"));
            socket.socket().sendClose(code, "mine").join();
            socket.awaitClose(Duration.ofSeconds(5));
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                metric("servicehub_ws_connections_closed_total", "code=\"other\",by=\"client\""))
                        .isGreaterThanOrEqualTo(3));
        String body = api.get("/actuator/prometheus", null).raw();
        assertThat(body).doesNotContain("code=\"4321\"").doesNotContain("code=\"4000\"");
    }
}
