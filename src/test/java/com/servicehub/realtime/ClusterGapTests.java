package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;
import com.servicehub.system.Timestamps;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;

/**
 * A Pub/Sub message lost between nodes never leaves a silent hole: the receiving node sees the
 * room's offsets jump and fills the gap from the shared history, or, when the history cannot,
 * closes the room's connections with 1013 so that they reconnect and recover.
 */
class ClusterGapTests {

    static RedisServer redis;
    static ClusterNodes cluster;
    static RedisClient client;
    static StatefulRedisConnection<String, String> raw;
    /** Rooms whose next history read fails, as one does while Redis is on its way back. */
    static final Set<String> FAILING_ONCE = ConcurrentHashMap.newKeySet();

    static class FailingHistory {

        @Bean
        static BeanPostProcessor failingHistoryBroker() {
            return ForwardingBroker.wrapping(broker -> new ForwardingBroker(
                    broker,
                    broker::publish,
                    (room, read) -> FAILING_ONCE.remove(room)
                            ? CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"))
                            : read));
        }
    }

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis.url(), 2, Map.of(), FailingHistory.class);
        client = RedisClient.create(redis.url());
        raw = client.connect();
    }

    @AfterAll
    static void stop() {
        raw.close();
        client.shutdown();
        cluster.close();
        redis.close();
    }

    private static TestSocket joinedOnB(Session customer, String room) {
        TestSocket socket = TestSocket.connected(cluster.port(1), customer.accessToken());
        assertThat(socket.join(room).path("type").asString()).isEqualTo("joined_room");
        return socket;
    }

    /** What a lost Pub/Sub message looks like: in the history, never published. */
    private static void appendWithoutPublishing(UUID customer, String status) {
        String payload = "booking:status {\"bookingId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + customer
                + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + Timestamps.format(Timestamps.now()) + "\"}";
        raw.sync()
                .eval(
                        RedisScripts.APPEND.source(),
                        ScriptOutputType.MULTI,
                        RedisScripts.keys("user:" + customer),
                        "lost",
                        Long.toString(System.currentTimeMillis()),
                        "100",
                        "600000",
                        "3600000",
                        payload,
                        "",
                        "",
                        "0");
    }

    private static void publishOnA(UUID customer, String status) {
        cluster.context(0)
                .getBean(Broker.class)
                .publish(new RoomEvent.StatusChanged(UUID.randomUUID(), customer, status, Instant.now()));
    }

    /** {@code firstReadFails}: the read that fills the gap fails once, as one does while Redis is on its way back. */
    @ParameterizedTest(name = "first read fails: {0}")
    @ValueSource(booleans = {false, true})
    void aLostMessageIsFilledFromTheHistory(boolean firstReadFails) {
        Session customer = new TestUsers(new TestApi(cluster.port(0))).customer();
        String room = "user:" + customer.id();
        try (TestSocket onB = joinedOnB(customer, room)) {
            publishOnA(customer.id(), "confirmed");
            long first = onB.nextOfType("status_update").path("offset").asLong();
            appendWithoutPublishing(customer.id(), "assigned");
            if (firstReadFails) {
                FAILING_ONCE.add(room);
            }
            publishOnA(customer.id(), "en_route");
            JsonNode filled = onB.nextOfType("status_update");
            JsonNode next = onB.nextOfType("status_update");
            assertThat(filled.path("status").asString()).isEqualTo("assigned");
            assertThat(filled.path("offset").asLong()).isEqualTo(first + 1);
            assertThat(next.path("status").asString()).isEqualTo("en_route");
            assertThat(next.path("offset").asLong()).isEqualTo(first + 2);
            assertThat(FAILING_ONCE).as("the read that was to fail did").doesNotContain(room);
        }
    }

    @Test
    void aGapTheHistoryCannotFillClosesTheRoomsConnectionsSoTheyRecover() {
        Session customer = new TestUsers(new TestApi(cluster.port(0))).customer();
        String room = "user:" + customer.id();
        try (TestSocket onB = joinedOnB(customer, room)) {
            publishOnA(customer.id(), "confirmed");
            onB.nextOfType("status_update");
            String[] keys = RedisScripts.keys(room);
            appendWithoutPublishing(customer.id(), "assigned");
            raw.sync().del(keys[2]); // the history lost what it held
            publishOnA(customer.id(), "en_route");
            TestSocket.Close close = onB.awaitClose(Duration.ofSeconds(10));
            assertThat(close.code()).isEqualTo(1013);
        }
    }
}
