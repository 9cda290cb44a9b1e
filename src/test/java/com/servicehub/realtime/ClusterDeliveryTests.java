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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;

/** Two real nodes sharing PostgreSQL and Redis: what happens on node A reaches clients on node B. */
class ClusterDeliveryTests {

    static ClusterNodes cluster;
    static TestApi apiA;
    static TestApi apiB;
    static RedisClient redis;
    static StatefulRedisConnection<String, String> raw;

    @BeforeAll
    static void start() {
        // A burst of a thousand appends must not meet the command timeout on a busy machine: this
        // class is about order and routing; timeouts have tests of their own (RedisFaultTests).
        cluster = ClusterNodes.start("redis://127.0.0.1:6379", 2, Map.of("spring.data.redis.timeout", "15s"));
        apiA = new TestApi(cluster.port(0));
        apiB = new TestApi(cluster.port(1));
        redis = RedisClient.create("redis://127.0.0.1:6379");
        raw = redis.connect();
    }

    @AfterAll
    static void stop() {
        raw.close();
        redis.shutdown();
        cluster.close();
    }

    private static TestSocket connect(int node, Session who) {
        return TestSocket.connected(cluster.port(node), who.accessToken());
    }

    private static void joined(TestSocket socket, String room) {
        JsonNode answer = socket.join(room);
        assertThat(answer.path("type").asString()).as(answer.toString()).isEqualTo("joined_room");
    }

    private static UUID book(Session customer) {
        TestApi.Response created = apiA.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body(
                        "serviceType",
                        "AC repair",
                        "address",
                        "1 Olaya St",
                        "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    private static void ok(TestApi.Response response) {
        assertThat(response.status()).as(response.raw()).isBetween(200, 202);
    }

    @Test
    void restChangesOnNodeAReachEveryRoomOnNodeBExactlyOnce() {
        TestUsers users = new TestUsers(apiA);
        Session customer = users.customer();
        Session technician = users.technician();
        Session admin = users.admin();
        UUID booking = book(customer);
        ok(apiA.put(
                "/api/v2/bookings/" + booking + "/technician",
                admin.accessToken(),
                body("technicianId", technician.id().toString())));

        try (TestSocket customerOnB = connect(1, customer);
                TestSocket technicianOnB = connect(1, technician)) {
            joined(customerOnB, "booking:" + booking);
            joined(customerOnB, "user:" + customer.id());
            joined(technicianOnB, "booking:" + booking);

            ok(apiA.patch(
                    "/api/v2/bookings/" + booking + "/status", technician.accessToken(), body("status", "en_route")));
            List<JsonNode> statusFrames = new ArrayList<>();
            statusFrames.add(customerOnB.nextOfType("status_update"));
            statusFrames.add(customerOnB.nextOfType("status_update"));
            assertThat(statusFrames)
                    .extracting(frame -> frame.path("room").asString())
                    .containsExactlyInAnyOrder("booking:" + booking, "user:" + customer.id());
            assertThat(statusFrames).allSatisfy(frame -> {
                assertThat(frame.path("status").asString()).isEqualTo("en_route");
                assertThat(frame.path("offset").isIntegralNumber()).isTrue();
            });
            assertThat(technicianOnB.nextOfType("status_update").path("room").asString())
                    .isEqualTo("booking:" + booking);

            ok(apiA.post(
                    "/api/v2/bookings/" + booking + "/location",
                    technician.accessToken(),
                    body("latitude", 24.7136, "longitude", 46.6753)));
            JsonNode location = customerOnB.nextOfType("location_update");
            assertThat(location.path("room").asString()).isEqualTo("booking:" + booking);
            assertThat(location.path("location").path("latitude").asDouble()).isEqualTo(24.7136);

            TestApi.Response ticket = apiA.post(
                    "/api/v2/support/tickets",
                    customer.accessToken(),
                    body("subject", "Late technician", "message", "Where is he?"));
            ok(ticket);
            String ticketId = ticket.text("id");
            joined(customerOnB, "support:" + ticketId);
            ok(apiA.post(
                    "/api/v2/support/tickets/" + ticketId + "/messages",
                    admin.accessToken(),
                    body("message", "He is two minutes away")));
            List<JsonNode> messages = List.of(customerOnB.nextOfType("message"), customerOnB.nextOfType("message"));
            assertThat(messages)
                    .extracting(frame -> frame.path("room").asString())
                    .containsExactlyInAnyOrder("support:" + ticketId, "user:" + customer.id());
            assertThat(messages).allSatisfy(frame -> {
                assertThat(frame.path("senderId").asString())
                        .isEqualTo(admin.id().toString());
                assertThat(frame.path("message").path("message").asString()).isEqualTo("He is two minutes away");
            });

            assertThat(customerOnB.drain(Duration.ofMillis(500)))
                    .as("no duplicates")
                    .isEmpty();
            assertThat(technicianOnB.drain(Duration.ofMillis(200)))
                    .as("nothing the technician may not see")
                    .allSatisfy(
                            frame -> assertThat(frame.path("type").asString()).isEqualTo("location_update"));
        }
    }

    @Test
    void typingCrossesNodesButNotBackToItsSender() {
        TestUsers users = new TestUsers(apiA);
        Session customer = users.customer();
        Session admin = users.admin();
        TestApi.Response ticket = apiA.post(
                "/api/v2/support/tickets",
                customer.accessToken(),
                body("subject", "Refund", "message", "Please refund"));
        ok(ticket);
        String room = "support:" + ticket.text("id");
        try (TestSocket customerOnA = connect(0, customer);
                TestSocket adminOnB = connect(1, admin)) {
            joined(customerOnA, room);
            joined(adminOnB, room);
            customerOnA.send(Map.of("type", "typing", "room", room, "data", Map.of("isTyping", true)));
            JsonNode typing = adminOnB.nextOfType("typing");
            assertThat(typing.path("userId").asString()).isEqualTo(customer.id().toString());
            assertThat(typing.path("isTyping").asBoolean()).isTrue();
            assertThat(typing.path("room").asString()).isEqualTo(room);
            assertThat(customerOnA.drain(Duration.ofMillis(400))).isEmpty();
        }
    }

    @Test
    void reassignmentOnNodeARevokesTheTechnicianOnNodeB() {
        TestUsers users = new TestUsers(apiA);
        Session customer = users.customer();
        Session first = users.technician();
        Session second = users.technician();
        Session admin = users.admin();
        UUID booking = book(customer);
        ok(apiA.put(
                "/api/v2/bookings/" + booking + "/technician",
                admin.accessToken(),
                body("technicianId", first.id().toString())));
        try (TestSocket firstOnB = connect(1, first)) {
            joined(firstOnB, "booking:" + booking);
            ok(apiA.put(
                    "/api/v2/bookings/" + booking + "/technician",
                    admin.accessToken(),
                    body("technicianId", second.id().toString())));
            JsonNode left = firstOnB.nextOfType("left_room");
            assertThat(left.path("reason").asString()).isEqualTo("revoked");
            assertThat(left.path("room").asString()).isEqualTo("booking:" + booking);
            assertThat(firstOnB.join("booking:" + booking).path("code").asString())
                    .isEqualTo("FORBIDDEN");
            ok(apiA.patch("/api/v2/bookings/" + booking + "/status", admin.accessToken(), body("status", "en_route")));
            assertThat(firstOnB.drain(Duration.ofMillis(500)))
                    .noneMatch(
                            frame -> "status_update".equals(frame.path("type").asString()));
        }
    }

    @Test
    void rawPublishesOnEachSeedChannelReachBothNodesOnce() {
        TestUsers users = new TestUsers(apiA);
        Session customer = users.customer();
        Session admin = users.admin();
        UUID booking = book(customer);
        TestApi.Response ticket = apiA.post(
                "/api/v2/support/tickets", customer.accessToken(), body("subject", "Question", "message", "Hi"));
        ok(ticket);
        String ticketId = ticket.text("id");
        try (TestSocket onA = connect(0, customer);
                TestSocket onB = connect(1, customer)) {
            for (TestSocket socket : List.of(onA, onB)) {
                joined(socket, "booking:" + booking);
                joined(socket, "support:" + ticketId);
            }
            raw.sync()
                    .publish(
                            "booking:status",
                            "{\"bookingId\":\"" + booking + "\",\"userId\":\"" + customer.id()
                                    + "\",\"status\":\"confirmed\",\"timestamp\":\"2024-10-02T19:00:00.000Z\"}");
            raw.sync()
                    .publish(
                            "technician:location",
                            "{\"bookingId\":\"" + booking
                                    + "\",\"location\":{\"latitude\":24.5,\"longitude\":46.5},\"timestamp\":\"2024-10-02T19:00:01.000Z\"}");
            raw.sync()
                    .publish(
                            "support:message",
                            "{\"ticketId\":\"" + ticketId + "\",\"senderId\":\"" + admin.id()
                                    + "\",\"message\":{\"id\":\"" + UUID.randomUUID()
                                    + "\",\"message\":\"From the CRM\",\"createdAt\":"
                                    + "\"2024-10-02T19:00:02.000Z\"},\"timestamp\":\"2024-10-02T19:00:02.000Z\"}");
            for (TestSocket socket : List.of(onA, onB)) {
                // Order holds within a room; the ticket's room may overtake the booking's.
                List<JsonNode> frames = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    frames.add(socket.next(Duration.ofSeconds(5)));
                }
                List<JsonNode> bookingFrames = frames.stream()
                        .filter(frame ->
                                ("booking:" + booking).equals(frame.path("room").asString()))
                        .toList();
                assertThat(bookingFrames)
                        .extracting(frame -> frame.path("type").asString())
                        .containsExactly("status_update", "location_update");
                JsonNode status = bookingFrames.get(0);
                assertThat(status.path("timestamp").asString()).isEqualTo("2024-10-02T19:00:00.000Z");
                assertThat(status.has("offset")).as("not part of the history").isFalse();
                assertThat(bookingFrames
                                .get(1)
                                .path("location")
                                .path("longitude")
                                .asDouble())
                        .isEqualTo(46.5);
                assertThat(frames)
                        .filteredOn(frame -> "message".equals(frame.path("type").asString()))
                        .singleElement()
                        .satisfies(message -> assertThat(
                                        message.path("message").path("message").asString())
                                .isEqualTo("From the CRM"));
                assertThat(socket.drain(Duration.ofMillis(400)))
                        .as("exactly once")
                        .isEmpty();
            }
        }
    }

    @Test
    void aBurstOfAThousandEventsKeepsItsOrderOnEveryNode() {
        TestUsers users = new TestUsers(apiA);
        Session customer = users.customer();
        String room = "user:" + customer.id();
        try (TestSocket onA = connect(0, customer);
                TestSocket onB = connect(1, customer)) {
            joined(onA, room);
            joined(onB, room);
            Broker publisher = cluster.context(0).getBean(Broker.class);
            UUID booking = UUID.randomUUID();
            for (int i = 0; i < 1000; i++) {
                publisher.publish(new RoomEvent.StatusChanged(booking, customer.id(), "s" + i, Instant.now()));
            }
            for (TestSocket socket : List.of(onA, onB)) {
                long previous = -1;
                for (int i = 0; i < 1000; i++) {
                    JsonNode frame = socket.nextMatching(
                            f -> "status_update".equals(f.path("type").asString()), Duration.ofSeconds(20));
                    assertThat(frame.path("status").asString())
                            .as("frame %s on %s", frame, socket == onA ? "A" : "B")
                            .isEqualTo("s" + i);
                    long offset = frame.path("offset").asLong();
                    if (previous >= 0) {
                        assertThat(offset).isEqualTo(previous + 1);
                    }
                    previous = offset;
                }
                assertThat(socket.drain(Duration.ofMillis(300))).isEmpty();
            }
        }
    }
}
