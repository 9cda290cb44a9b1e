package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;

import tools.jackson.databind.JsonNode;

/**
 * Redis is not a single point of failure: with the test's own redis-server killed, both nodes
 * keep serving their own connections and REST; once it is back, cross-node delivery resumes by
 * itself and no client is told it recovered a range the shared history never held.
 */
class RedisOutageTests {

    static RedisServer redis;
    static ClusterNodes cluster;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis.url(), 2, Map.of());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        redis.close();
    }

    private static Broker broker(int node) {
        return cluster.context(node).getBean(Broker.class);
    }

    private static void publishStatus(int node, UUID customer, String status) {
        broker(node).publish(new RoomEvent.StatusChanged(UUID.randomUUID(), customer, status, Instant.now()));
    }

    @Test
    void nodesKeepServingThroughAnOutageAndResumeCrossNodeDeliveryAfterIt() {
        TestUsers users = new TestUsers(new TestApi(cluster.port(0)));
        TestUsers.Session customer = users.customer();
        String room = "user:" + customer.id();
        try (TestSocket onA = TestSocket.connected(cluster.port(0), customer.accessToken());
                TestSocket onB = TestSocket.connected(cluster.port(1), customer.accessToken())) {
            JsonNode joinedOnB = onB.join(room);
            onA.join(room);
            String epochBefore = joinedOnB.path("epoch").asString();

            publishStatus(0, customer.id(), "confirmed");
            assertThat(onB.nextOfType("status_update").path("status").asString())
                    .isEqualTo("confirmed");
            long lastOnB = onA.nextOfType("status_update").path("offset").asLong();

            redis.kill();

            publishStatus(0, customer.id(), "en_route");
            JsonNode local = onA.nextOfType("status_update");
            assertThat(local.path("status").asString()).isEqualTo("en_route");
            assertThat(local.path("epoch").asString())
                    .as("a local epoch, never the shared one")
                    .isNotEqualTo(epochBefore);
            // The other node's changes cannot reach A's clients now: no two local events may look
            // continuous, so each tells its clients to reload.
            publishStatus(0, customer.id(), "arrived");
            JsonNode nextLocal = onA.nextOfType("status_update");
            assertThat(nextLocal.path("epoch").asString())
                    .as("every event published while Redis is away has an epoch of its own")
                    .isNotEqualTo(local.path("epoch").asString())
                    .isNotEqualTo(epochBefore);
            for (int node = 0; node < 2; node++) {
                TestApi api = new TestApi(cluster.port(node));
                TestApi.Response me = api.get("/api/v2/users/me", customer.accessToken());
                assertThat(me.status()).isEqualTo(200);
                TestUsers.Session other = new TestUsers(api).customer();
                assertThat(other.accessToken()).isNotBlank();
            }

            redis.restart();

            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        publishStatus(0, customer.id(), "arrived");
                        JsonNode update = onB.nextMatching(
                                frame -> "arrived".equals(frame.path("status").asString()), Duration.ofMillis(400));
                        assertThat(update.path("room").asString()).isEqualTo(room);
                    });

            // B's client missed "en_route" while Redis was away: it must not be told it recovered.
            try (TestSocket again = TestSocket.connected(cluster.port(1), customer.accessToken())) {
                again.send(
                        Map.of("type", "join", "room", room, "since", Map.of("offset", lastOnB, "epoch", epochBefore)));
                JsonNode joined = again.nextOfType("joined_room");
                assertThat(joined.path("recovered").asBoolean()).isFalse();
            }
        }
    }
}
