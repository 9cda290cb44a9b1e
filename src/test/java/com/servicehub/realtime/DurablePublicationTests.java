package com.servicehub.realtime;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/**
 * Committed changes reach their rooms even when the node that committed them dies before
 * publishing, exactly once, and a booking's events stay in commit order when their publishes
 * race. Two nodes on a Redis and a database of this test's own, so no other test's node takes up
 * these outbox rows.
 */
class DurablePublicationTests {

    static RedisServer redis;
    static String database;
    static ClusterNodes survivor;

    /** A node that dies right after each commit: its broker never gets what it publishes. */
    static class DiesAfterCommit {

        @Bean
        static BeanPostProcessor brokerThatNeverPublishes() {
            return ForwardingBroker.wrapping(broker ->
                    new ForwardingBroker(broker, publication -> new CompletableFuture<>(), (room, read) -> read));
        }
    }

    /** A node whose publishes of {@code en_route} are slow, so a later change's publish overtakes them. */
    static class SlowEnRoute {

        @Bean
        static BeanPostProcessor brokerSlowOnEnRoute() {
            return ForwardingBroker.wrapping(broker -> new ForwardingBroker(
                    broker,
                    publication -> publication.event() instanceof RoomEvent.StatusChanged status
                                    && status.status().equals("en_route")
                            ? CompletableFuture.supplyAsync(
                                            () -> null, CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS))
                                    .thenCompose(nothing -> broker.publish(publication))
                            : broker.publish(publication),
                    (room, read) -> read));
        }
    }

    @BeforeAll
    static void start() throws SQLException {
        redis = RedisServer.start();
        database = "servicehub_outbox_" + System.nanoTime();
        admin("CREATE DATABASE " + database);
        survivor = ClusterNodes.start(redis.url(), 1, settings(Map.of()));
    }

    @AfterAll
    static void stop() throws SQLException {
        survivor.close();
        redis.close();
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    static Map<String, Object> settings(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/" + database);
        return settings;
    }

    static void admin(String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String book(TestApi api, Session customer) {
        TestApi.Response created = api.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body(
                        "serviceType",
                        "Cleaning",
                        "address",
                        "5 Tahlia St",
                        "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.text("id");
    }

    static void changeStatus(TestApi api, String booking, String status, Session who) {
        TestApi.Response changed =
                api.patch("/api/v2/bookings/" + booking + "/status", who.accessToken(), body("status", status));
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    }

    @Test
    void aChangeCommittedByANodeThatDiedIsPublishedByAnotherExactlyOnce() {
        TestApi onSurvivor = new TestApi(survivor.port(0));
        TestUsers users = new TestUsers(onSurvivor);
        Session customer = users.customer();
        Session admin = users.admin();
        String booking = book(onSurvivor, customer);
        String room = "booking:" + booking;

        try (TestSocket live = TestSocket.connected(survivor.port(0), customer.accessToken())) {
            JsonNode joined = live.join(room);
            long before = joined.path("offset").asLong();
            String epoch = joined.path("epoch").asString();

            // The change commits on the doomed node, which never publishes it and never takes up
            // outbox rows itself, then goes away.
            try (ClusterNodes doomed = ClusterNodes.start(
                    redis.url(),
                    1,
                    settings(Map.of("servicehub.realtime.outbox.republish-after", "1h")),
                    DiesAfterCommit.class)) {
                changeStatus(new TestApi(doomed.port(0)), booking, "confirmed", admin);
            }

            JsonNode update = live.nextMatching(
                    frame -> frame.path("type").asString().equals("status_update"), Duration.ofSeconds(15));
            assertThat(update.path("status").asString()).isEqualTo("confirmed");
            assertThat(update.path("offset").asLong()).isEqualTo(before + 1);
            assertThat(update.path("epoch").asString()).isEqualTo(epoch);
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            survivor.context(0).getBean(OutboxSweeper.class).backlogSize() == 0);
            assertThat(live.drain(Duration.ofMillis(1500))).as("delivered once").isEmpty();

            try (TestSocket rejoined = TestSocket.connected(survivor.port(0), customer.accessToken())) {
                JsonNode recovered = GatewayRecoveryTests.joinSince(rejoined, room, before, epoch);
                assertThat(recovered.path("recovered").asBoolean())
                        .as(recovered.toString())
                        .isTrue();
                JsonNode replayed = rejoined.nextOfType("status_update");
                assertThat(replayed.path("status").asString()).isEqualTo("confirmed");
                assertThat(rejoined.drain(Duration.ofMillis(300))).isEmpty();
            }
        }
    }

    @Test
    void aPublicationPublishedAgainKeepsItsPositionAndAnOlderVersionIsDropped() {
        UUID customer = UUID.randomUUID();
        UUID bookingId = UUID.randomUUID();
        Broker broker = survivor.context(0).getBean(Broker.class);
        try (TestSocket socket = TestSocket.connected(survivor.port(0), TestTokens.valid(customer, "customer"))) {
            long before = socket.join("user:" + customer).path("offset").asLong();
            Publication confirmed = new Publication(
                    UUID.randomUUID(),
                    "status:" + bookingId,
                    10,
                    new RoomEvent.StatusChanged(bookingId, customer, "confirmed", Instant.now()));
            StreamPosition first = broker.publish(confirmed).join().positions().get("user:" + customer);
            StreamPosition again = broker.publish(confirmed).join().positions().get("user:" + customer);
            assertThat(again).isEqualTo(first);
            Map<String, StreamPosition> stale = broker.publish(new Publication(
                            UUID.randomUUID(),
                            "status:" + bookingId,
                            9,
                            new RoomEvent.StatusChanged(bookingId, customer, "pending", Instant.now())))
                    .join()
                    .positions();
            assertThat(stale).isEmpty();

            List<JsonNode> frames = socket.drain(Duration.ofMillis(800));
            assertThat(frames)
                    .extracting(frame -> frame.path("status").asString())
                    .containsExactly("confirmed");
            assertThat(frames.get(0).path("offset").asLong()).isEqualTo(before + 1);
        }
    }

    @Test
    void aBookingsChangesReachItsRoomsInCommitOrderWhenTheirPublishesRace() {
        try (ClusterNodes slow = ClusterNodes.start(redis.url(), 1, settings(Map.of()), SlowEnRoute.class)) {
            TestApi api = new TestApi(slow.port(0));
            TestUsers users = new TestUsers(api);
            Session customer = users.customer();
            Session technician = users.technician();
            Session admin = users.admin();
            String booking = book(api, customer);
            assertThat(api.put(
                                    "/api/v2/bookings/" + booking + "/technician",
                                    admin.accessToken(),
                                    body("technicianId", technician.id().toString()))
                            .status())
                    .isEqualTo(200);
            try (TestSocket socket = TestSocket.connected(slow.port(0), customer.accessToken())) {
                socket.join("booking:" + booking);
                changeStatus(api, booking, "en_route", technician);
                changeStatus(api, booking, "arrived", technician);
                List<JsonNode> updates = socket.drain(Duration.ofSeconds(2)).stream()
                        .filter(frame -> frame.path("type").asString().equals("status_update"))
                        .toList();
                assertThat(updates)
                        .extracting(frame -> frame.path("status").asString())
                        .as("an older change never arrives after a newer one")
                        .containsExactly("arrived");
            }
        }
    }
}
