package com.servicehub.realtime;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/**
 * Missed-event recovery across nodes (CONTRACT §3 "Missed events"): the history and offsets live
 * in Redis, so an app that drops off node A catches up on node B, or is told it cannot.
 */
class ClusterRecoveryTests {

    static RedisServer redis;
    static ClusterNodes cluster;
    static TestApi apiA;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        cluster = ClusterNodes.start(redis.url(), 2, Map.of());
        apiA = new TestApi(cluster.port(0));
    }

    @AfterAll
    static void stop() {
        cluster.close();
        redis.close();
    }

    private static TestSocket connect(int node, Session who) {
        return TestSocket.connected(cluster.port(node), who.accessToken());
    }

    /** Where a client stands in a room: the offset and epoch it last saw. */
    private record Position(long offset, String epoch) {}

    private static Position joinAndNote(TestSocket socket, String room) {
        JsonNode joined = socket.join(room);
        assertThat(joined.path("type").asString()).as(joined.toString()).isEqualTo("joined_room");
        return new Position(joined.path("offset").asLong(), joined.path("epoch").asString());
    }

    private static JsonNode rejoin(TestSocket socket, String room, Position since) {
        socket.send(Map.of(
                "type", "join", "room", room, "since", Map.of("offset", since.offset(), "epoch", since.epoch())));
        return socket.nextOfType("joined_room");
    }

    private static void publish(int node, UUID customer, String status) {
        cluster.context(node)
                .getBean(Broker.class)
                .publish(new RoomEvent.StatusChanged(UUID.randomUUID(), customer, status, Instant.now()));
    }

    @Test
    void catchesUpOnAnotherNodeWithExactlyTheMissedStatusChanges() {
        TestUsers users = new TestUsers(apiA);
        Session customer = users.customer();
        Session technician = users.technician();
        Session admin = users.admin();
        TestApi.Response created = apiA.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body(
                        "serviceType",
                        "Cleaning",
                        "address",
                        "5 Tahlia St",
                        "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        String booking = created.text("id");
        assertThat(apiA.put(
                                "/api/v2/bookings/" + booking + "/technician",
                                admin.accessToken(),
                                body("technicianId", technician.id().toString()))
                        .status())
                .isEqualTo(200);
        String room = "booking:" + booking;

        Position position;
        try (TestSocket onA = connect(0, customer)) {
            position = joinAndNote(onA, room);
        }
        for (String status : List.of("en_route", "arrived", "in_progress")) {
            assertThat(apiA.patch(
                                    "/api/v2/bookings/" + booking + "/status",
                                    technician.accessToken(),
                                    body("status", status))
                            .status())
                    .isEqualTo(200);
        }
        try (TestSocket onB = connect(1, customer)) {
            JsonNode joined = rejoin(onB, room, position);
            assertThat(joined.path("recovered").asBoolean())
                    .as(joined.toString())
                    .isTrue();
            assertThat(joined.path("offset").asLong()).isEqualTo(position.offset() + 3);
            List<String> statuses = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                JsonNode update = onB.nextOfType("status_update");
                assertThat(update.path("offset").asLong()).isEqualTo(position.offset() + i);
                assertThat(update.path("epoch").asString()).isEqualTo(position.epoch());
                statuses.add(update.path("status").asString());
            }
            assertThat(statuses).containsExactly("en_route", "arrived", "in_progress");
            assertThat(onB.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void tooMuchMissedOrAnotherEpochIsNotRecovered() {
        Session customer = new TestUsers(apiA).customer();
        String room = "user:" + customer.id();
        Position position;
        try (TestSocket observer = connect(0, customer)) {
            try (TestSocket away = connect(0, customer)) {
                position = joinAndNote(away, room);
            }
            joinAndNote(observer, room);
            for (int i = 0; i < 150; i++) {
                publish(0, customer.id(), "confirmed");
            }
            for (int i = 0; i < 150; i++) {
                observer.nextOfType("status_update");
            }
        }
        long top;
        try (TestSocket onB = connect(1, customer)) {
            JsonNode tooOld = rejoin(onB, room, position);
            assertThat(tooOld.path("recovered").asBoolean()).isFalse();
            top = tooOld.path("offset").asLong();
            assertThat(top).isEqualTo(position.offset() + 150);
            assertThat(onB.drain(Duration.ofMillis(300))).as("nothing replayed").isEmpty();
        }
        try (TestSocket onB = connect(1, customer)) {
            JsonNode otherEpoch = rejoin(onB, room, new Position(top - 1, "not-this-one"));
            assertThat(otherEpoch.path("recovered").asBoolean()).isFalse();
            assertThat(onB.drain(Duration.ofMillis(300))).isEmpty();
        }
        try (TestSocket onB = connect(1, customer)) {
            JsonNode recent = rejoin(onB, room, new Position(top - 2, position.epoch()));
            assertThat(recent.path("recovered").asBoolean())
                    .as("the last 100 are kept")
                    .isTrue();
            assertThat(onB.drain(Duration.ofMillis(500)))
                    .extracting(frame -> frame.path("offset").asLong())
                    .containsExactly(top - 1, top);
        }
    }

    @Test
    void replayWhilePublishingLeavesNoGapAndNoDuplicate() throws Exception {
        Session customer = new TestUsers(apiA).customer();
        String room = "user:" + customer.id();
        Position position;
        try (TestSocket onA = connect(0, customer)) {
            position = joinAndNote(onA, room);
        }
        for (int i = 0; i < 20; i++) {
            publish(0, customer.id(), "confirmed");
        }
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            while (publishing.get()) {
                publish(0, customer.id(), "assigned");
                try {
                    Thread.sleep(2);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        });
        publisher.start();
        try (TestSocket onB = connect(1, customer)) {
            Thread.sleep(100);
            JsonNode joined = rejoin(onB, room, position);
            assertThat(joined.path("recovered").asBoolean()).isTrue();
            Thread.sleep(500);
            publishing.set(false);
            publisher.join();
            List<JsonNode> frames = onB.drain(Duration.ofMillis(1000));
            assertThat(frames).hasSizeGreaterThan(20);
            long expected = position.offset() + 1;
            for (JsonNode frame : frames) {
                assertThat(frame.path("offset").asLong())
                        .as("strictly consecutive")
                        .isEqualTo(expected++);
            }
        } finally {
            publishing.set(false);
        }
    }

    @Test
    void aRedisRestartLosesTheHistoryAndSaysSo() {
        Session customer = new TestUsers(apiA).customer();
        String room = "user:" + customer.id();
        Position position;
        try (TestSocket onA = connect(0, customer)) {
            position = joinAndNote(onA, room);
            publish(0, customer.id(), "confirmed");
            JsonNode first = onA.nextOfType("status_update");
            position = new Position(
                    first.path("offset").asLong(), first.path("epoch").asString());
        }
        redis.kill();
        redis.restart();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> cluster.context(0).getBean(RedisConnections.class).connected()
                        && cluster.context(1).getBean(RedisConnections.class).connected());
        publish(0, customer.id(), "en_route");
        try (TestSocket onB = connect(1, customer)) {
            JsonNode joined = rejoin(onB, room, position);
            assertThat(joined.path("recovered").asBoolean())
                    .as(joined.toString())
                    .isFalse();
            assertThat(joined.path("epoch").asString()).isNotEqualTo(position.epoch());
        }
    }
}
