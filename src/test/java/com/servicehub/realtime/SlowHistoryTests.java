package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

import tools.jackson.databind.JsonNode;

/**
 * A room whose history read is slow holds up that room's join and nothing else: live delivery
 * in other rooms goes on, even rooms that share its worker, and the slow room's own events reach
 * the joiner afterwards, in order, with no gap.
 */
class SlowHistoryTests {

    static final Set<String> SLOW_ROOMS = ConcurrentHashMap.newKeySet();
    static final Duration DELAY = Duration.ofSeconds(2);

    static RedisServer redis;
    static ClusterNodes cluster;

    /** Holds up history reads of {@link #SLOW_ROOMS} for {@link #DELAY}, without blocking any thread. */
    static class SlowHistory {

        @Bean
        static BeanPostProcessor slowHistoryBroker() {
            return ForwardingBroker.wrapping(broker -> new ForwardingBroker(
                    broker,
                    broker::publish,
                    (room, read) -> SLOW_ROOMS.contains(room)
                            ? read.thenApplyAsync(
                                    history -> history,
                                    CompletableFuture.delayedExecutor(DELAY.toMillis(), TimeUnit.MILLISECONDS))
                            : read));
        }
    }

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        // One room worker on the node that reads: the slow room and the others share it.
        cluster = ClusterNodes.start(redis.url(), 2, Map.of("servicehub.realtime.room-workers", 1), SlowHistory.class);
    }

    @AfterAll
    static void stop() {
        cluster.close();
        redis.close();
    }

    private static void publishOnB(UUID customer, String status) {
        cluster.context(1)
                .getBean(Broker.class)
                .publish(new RoomEvent.StatusChanged(UUID.randomUUID(), customer, status, Instant.now()));
    }

    @Test
    void aSlowHistoryReadInOneRoomDoesNotDelayLiveDeliveryInAnother() {
        UUID slow = UUID.randomUUID();
        UUID fast = UUID.randomUUID();
        String slowRoom = "user:" + slow;
        String epoch;
        try (TestSocket before = TestSocket.connected(cluster.port(0), TestTokens.valid(slow, "customer"))) {
            epoch = before.join(slowRoom).path("epoch").asString();
        }
        SLOW_ROOMS.add(slowRoom);
        try (TestSocket inFast = TestSocket.connected(cluster.port(0), TestTokens.valid(fast, "customer"));
                TestSocket inSlow = TestSocket.connected(cluster.port(0), TestTokens.valid(slow, "customer"))) {
            GatewayRoomTests.assertJoined(inFast.join("user:" + fast), "user:" + fast);

            long joining = System.nanoTime();
            inSlow.send(Map.of("type", "join", "room", slowRoom, "since", Map.of("offset", 0, "epoch", epoch)));
            publishOnB(slow, "confirmed"); // waits on node A until the slow read is in
            long sent = System.nanoTime();
            publishOnB(fast, "en_route");
            JsonNode update = inFast.nextOfType("status_update");
            long tookMillis = (System.nanoTime() - sent) / 1_000_000;
            assertThat(update.path("status").asString()).isEqualTo("en_route");
            assertThat(tookMillis)
                    .as("live delivery in another room while a read is held up")
                    .isLessThan(1000);

            JsonNode joined = inSlow.nextMatching(
                    frame -> frame.path("type").asString().equals("joined_room"), Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - joining))
                    .as("the read was held up")
                    .isGreaterThanOrEqualTo(DELAY.minusMillis(100));
            assertThat(joined.path("recovered").asBoolean())
                    .as(joined.toString())
                    .isTrue();
            // Replayed or live, depending on whether the read saw it: exactly once either way.
            JsonNode missed = inSlow.nextOfType("status_update");
            assertThat(missed.path("epoch").asString()).isEqualTo(epoch);
            assertThat(missed.path("offset").asLong()).isEqualTo(1);
            assertThat(missed.path("status").asString()).isEqualTo("confirmed");
            assertThat(inSlow.drain(Duration.ofMillis(300))).isEmpty();
        } finally {
            SLOW_ROOMS.remove(slowRoom);
        }
    }
}
