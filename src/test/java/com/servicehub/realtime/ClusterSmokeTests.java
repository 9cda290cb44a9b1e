package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;

class ClusterSmokeTests {

    static ClusterNodes cluster;
    static RedisClient redis;
    static StatefulRedisConnection<String, String> raw;

    @BeforeAll
    static void startNodes() {
        cluster = ClusterNodes.start(
                "redis://127.0.0.1:6379", 2, Map.of("servicehub.management.public-prometheus", true));
        redis = RedisClient.create("redis://127.0.0.1:6379");
        raw = redis.connect();
    }

    @AfterAll
    static void stopNodes() {
        raw.close();
        redis.shutdown();
        cluster.close();
    }

    @Test
    void rawPublishReachesBothNodesOnce() {
        TestUsers users = new TestUsers(new TestApi(cluster.port(0)));
        TestUsers.Session customer = users.customer();
        try (TestSocket a = TestSocket.connected(cluster.port(0), customer.accessToken());
                TestSocket b = TestSocket.connected(cluster.port(1), customer.accessToken())) {
            assertThat(a.join("user:" + customer.id()).path("type").asString()).isEqualTo("joined_room");
            assertThat(b.join("user:" + customer.id()).path("type").asString()).isEqualTo("joined_room");
            String booking = java.util.UUID.randomUUID().toString();
            raw.sync()
                    .publish(
                            "booking:status",
                            "{\"bookingId\":\"" + booking + "\",\"userId\":\"" + customer.id()
                                    + "\",\"status\":\"en_route\",\"timestamp\":\"2024-10-02T19:00:00.000Z\"}");
            for (TestSocket socket : new TestSocket[] {a, b}) {
                JsonNode update = socket.nextOfType("status_update");
                assertThat(update.path("bookingId").asString()).isEqualTo(booking);
                assertThat(update.path("room").asString()).isEqualTo("user:" + customer.id());
                assertThat(update.has("offset")).isFalse();
                assertThat(socket.drain(Duration.ofMillis(300))).isEmpty();
            }
        }
    }

    @Test
    void theBrokersRedisCommandsAreMeasuredLikeTheRest() {
        TestUsers users = new TestUsers(new TestApi(cluster.port(0)));
        TestUsers.Session customer = users.customer();
        try (TestSocket socket = TestSocket.connected(cluster.port(0), customer.accessToken())) {
            assertThat(socket.join("user:" + customer.id()).path("type").asString())
                    .isEqualTo("joined_room");
        }
        String metrics =
                new TestApi(cluster.port(0)).get("/actuator/prometheus", null).raw();
        assertThat(metrics.lines().filter(line -> line.startsWith("lettuce") && line.contains("EVALSHA")))
                .as("the history read of the join, timed by Lettuce's observation")
                .isNotEmpty();
    }
}
