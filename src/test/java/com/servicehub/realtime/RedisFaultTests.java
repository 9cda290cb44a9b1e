package com.servicehub.realtime;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestBookings;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;
import com.servicehub.system.Timestamps;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;

/**
 * Redis faults that an open connection does not show: data older than what the nodes saw, a
 * Redis that refuses writes, a node that reached Redis for commands but not for Pub/Sub, a
 * subscription that was down for a moment, a partition between one node and Redis. Each test
 * has a redis-server of its own; all share a database of this class's own, so no other test's
 * node takes up their outbox rows.
 */
class RedisFaultTests {

    static String database;
    RedisServer redis;
    RedisClient client;
    StatefulRedisConnection<String, String> admin;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = "servicehub_redisfaults_" + System.nanoTime();
        DurablePublicationTests.admin("CREATE DATABASE " + database);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        DurablePublicationTests.admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
        client = RedisClient.create(redis.url());
        admin = client.connect();
    }

    @AfterEach
    void stopRedis() {
        admin.close();
        client.shutdown();
        redis.close();
    }

    static Map<String, Object> settings() {
        return Map.of(
                "spring.datasource.url",
                "jdbc:postgresql://127.0.0.1:5432/" + database,
                "servicehub.management.public-prometheus",
                true);
    }

    static void publish(ClusterNodes nodes, int node, UUID user, String status) {
        nodes.context(node)
                .getBean(Broker.class)
                .publish(new RoomEvent.StatusChanged(UUID.randomUUID(), user, status, Timestamps.now()));
    }

    static String redisHealth(ClusterNodes nodes, int node) {
        JsonNode health = new TestApi(nodes.port(node), Duration.ofSeconds(3))
                .get("/actuator/health", null)
                .body();
        return health.path("components").path("redis").toString();
    }

    static void awaitConnected(ClusterNodes nodes) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (int i = 0; i < nodes.size(); i++) {
                if (!nodes.context(i).getBean(RedisConnections.class).connected()) {
                    return false;
                }
            }
            return true;
        });
    }

    static void awaitDisconnected(ClusterNodes nodes, int node) {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        !nodes.context(node).getBean(RedisConnections.class).connected());
    }

    @Test
    void aRedisBackWithOlderDataChangesEveryEpochSoNoOffsetIsTakenForAnother() {
        try (ClusterNodes node = ClusterNodes.start(redis.url(), 1, settings())) {
            UUID user = UUID.randomUUID();
            String room = "user:" + user;
            try (TestSocket live = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
                live.join(room);
                publish(node, 0, user, "confirmed");
                publish(node, 0, user, "assigned");
                live.nextOfType("status_update");
                live.nextOfType("status_update");
                admin.sync().save(); // the snapshot Redis will come back with
                publish(node, 0, user, "en_route");
                publish(node, 0, user, "arrived");
                live.nextOfType("status_update");
                JsonNode lastSeen = live.nextOfType("status_update");
                assertThat(lastSeen.path("offset").asLong()).isEqualTo(4);

                redis.kill();
                redis.restart();
                admin.sync().ping();
                awaitConnected(node);
                // Offsets 3 and 4 are handed out again, for other events.
                publish(node, 0, user, "in_progress");
                JsonNode after = live.nextOfType("status_update");
                assertThat(after.path("status").asString())
                        .as("not dropped as one it had")
                        .isEqualTo("in_progress");
                assertThat(after.path("epoch").asString())
                        .isNotEqualTo(lastSeen.path("epoch").asString());
                publish(node, 0, user, "completed");
                live.nextOfType("status_update");

                try (TestSocket back = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
                    JsonNode joined = GatewayRecoveryTests.joinSince(
                            back, room, 4, lastSeen.path("epoch").asString());
                    assertThat(joined.path("recovered").asBoolean(true))
                            .as(joined.toString())
                            .isFalse();
                    assertThat(back.drain(Duration.ofMillis(300))).isEmpty();
                }
            }
        }
    }

    @Test
    void aRedisThatRefusesWritesIsReportedWhileTheNodeServesItsOwnConnections() {
        try (ClusterNodes node = ClusterNodes.start(redis.url(), 1, settings())) {
            awaitConnected(node);
            UUID user = UUID.randomUUID();
            try (TestSocket live = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
                live.join("user:" + user);
                admin.sync().configSet("maxmemory-policy", "noeviction");
                admin.sync().configSet("maxmemory", "1");
                publish(node, 0, user, "confirmed");
                assertThat(live.nextOfType("status_update").path("status").asString())
                        .isEqualTo("confirmed");
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(redisHealth(node, 0))
                                .contains("DOWN")
                                .contains("OOM"));
                String metrics = new TestApi(node.port(0))
                        .get("/actuator/prometheus", null)
                        .raw();
                assertThat(metrics)
                        .contains("servicehub_redis_publishing 0.0")
                        .containsPattern("servicehub_redis_publish_failures_total\\{reason=\"OOM\"");

                admin.sync().configSet("maxmemory", "0");
                publish(node, 0, user, "assigned");
                live.nextOfType("status_update");
                await().atMost(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(redisHealth(node, 0)).contains("UP"));
            }
        }
    }

    @Test
    void aChangeRedisRefusedIsSharedOnceRedisTakesWritesAgainWithoutAnotherChange() {
        try (ClusterNodes node = ClusterNodes.start(redis.url(), 1, settings())) {
            awaitConnected(node);
            TestApi api = new TestApi(node.port(0));
            TestUsers users = new TestUsers(api);
            Session customer = users.customer();
            UUID booking = new TestBookings(api).book(customer);
            OutboxSweeper sweeper = node.context(0).getBean(OutboxSweeper.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> sweeper.backlogSize() == 0);
            long before;
            try (TestSocket early = TestSocket.connected(node.port(0), customer.accessToken())) {
                before = early.join("booking:" + booking).path("offset").asLong();
            }

            admin.sync().configSet("maxmemory-policy", "noeviction");
            admin.sync().configSet("maxmemory", "1");
            assertThat(new TestBookings(api)
                            .changeStatus(booking, "confirmed", users.admin())
                            .status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> sweeper.backlogSize() == 1);

            admin.sync().configSet("maxmemory", "0");
            // Nothing else is published: the node itself must notice that Redis takes writes again.
            await().atMost(Duration.ofSeconds(20)).until(() -> sweeper.backlogSize() == 0);
            try (TestSocket late = TestSocket.connected(node.port(0), customer.accessToken())) {
                JsonNode joined = late.join("booking:" + booking);
                assertThat(joined.path("offset").asLong())
                        .as("the change is in the shared history")
                        .isEqualTo(before + 1);
            }
        }
    }

    @Test
    void aChangeDeliveredHereWhileRedisWasAwayIsNotSentAgainWhenTheOutboxSharesIt() {
        try (ClusterNodes nodes = ClusterNodes.start(redis.url(), 2, settings())) {
            awaitConnected(nodes);
            TestApi api = new TestApi(nodes.port(0));
            TestUsers users = new TestUsers(api);
            Session customer = users.customer();
            UUID booking = new TestBookings(api).book(customer);
            OutboxSweeper sweeper = nodes.context(0).getBean(OutboxSweeper.class);
            try (TestSocket here = TestSocket.connected(nodes.port(0), customer.accessToken());
                    TestSocket there = TestSocket.connected(nodes.port(1), customer.accessToken())) {
                here.join("booking:" + booking);
                there.join("booking:" + booking);

                redis.kill();
                awaitDisconnected(nodes, 0);
                assertThat(new TestBookings(api)
                                .changeStatus(booking, "confirmed", users.admin())
                                .status())
                        .isEqualTo(200);
                assertThat(here.nextOfType("status_update").path("status").asString())
                        .as("this node's members get it at once")
                        .isEqualTo("confirmed");

                redis.restart();
                JsonNode shared = there.nextMatching(
                        frame -> "status_update".equals(frame.path("type").asString()), Duration.ofSeconds(20));
                assertThat(shared.path("status").asString())
                        .as("the other node's, once Redis is back")
                        .isEqualTo("confirmed");
                await().atMost(Duration.ofSeconds(10)).until(() -> sweeper.backlogSize() == 0);
                assertThat(here.drain(Duration.ofSeconds(1)))
                        .as("no second copy here")
                        .noneMatch(frame ->
                                "status_update".equals(frame.path("type").asString()));

                // The room goes on, through Redis, on the other node. (This node's sockets may have
                // been closed with 1013 meanwhile, if its catch-up read after the restart failed.)
                new TestBookings(api).assign(booking, users.technician().id(), users.admin());
                assertThat(there.nextOfType("status_update").path("status").asString())
                        .isEqualTo("assigned");
            }
        }
    }

    @Test
    void aNodeThatGotItsCommandConnectionButNotItsSubscriptionKeepsTrying() {
        // Room for the admin connection and the node's command connection, not its subscription.
        admin.sync().configSet("maxclients", "2");
        try (ClusterNodes node = ClusterNodes.start(redis.url(), 1, settings())) {
            RedisConnections connections = node.context(0).getBean(RedisConnections.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> connections.commands() != null);
            assertThat(connections.connected()).isFalse();
            admin.sync().configSet("maxclients", "100");
            awaitConnected(node);

            UUID user = UUID.randomUUID();
            try (TestSocket live = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
                live.join("user:" + user);
                admin.sync()
                        .publish(
                                "booking:status",
                                "{\"bookingId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + user
                                        + "\",\"status\":\"confirmed\",\"timestamp\":\"2024-10-02T19:00:00.000Z\"}");
                assertThat(live.nextOfType("status_update").path("status").asString())
                        .isEqualTo("confirmed");
            }
        }
    }

    @Test
    void eventsPublishedWhileASubscriptionWasDownArriveWhenItIsBack() {
        try (ClusterNodes nodes = ClusterNodes.start(redis.url(), 2, settings())) {
            awaitConnected(nodes);
            UUID user = UUID.randomUUID();
            try (TestSocket onB = TestSocket.connected(nodes.port(1), TestTokens.valid(user, "customer"))) {
                long before = onB.join("user:" + user).path("offset").asLong();
                admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
                publish(nodes, 0, user, "confirmed"); // while neither node is subscribed
                JsonNode update = onB.nextMatching(
                        frame -> frame.path("type").asString().equals("status_update"), Duration.ofSeconds(10));
                assertThat(update.path("offset").asLong()).isEqualTo(before + 1);
                assertThat(onB.drain(Duration.ofMillis(500))).isEmpty();
            }
        }
    }

    @Test
    void whatARedisBackEmptyGotBeforeANodeResubscribedReachesThatNodesMembers() {
        try (TcpProxy link = TcpProxy.to(redis.port());
                ClusterNodes late = ClusterNodes.start("redis://127.0.0.1:" + link.port(), 1, settings());
                ClusterNodes early = ClusterNodes.start(redis.url(), 1, settings())) {
            awaitConnected(late);
            awaitConnected(early);
            UUID user = UUID.randomUUID();
            try (TestSocket member = TestSocket.connected(late.port(0), TestTokens.valid(user, "customer"))) {
                member.join("user:" + user);
                publish(early, 0, user, "confirmed");
                JsonNode had = member.nextOfType("status_update");

                link.cut();
                awaitDisconnected(late, 0);
                redis.kill();
                redis.restart(); // without the data: a new stream under a new epoch
                awaitConnected(early);
                publish(early, 0, user, "assigned"); // while the late node is not subscribed
                link.mend();

                JsonNode missed = member.nextMatching(
                        frame -> frame.path("type").asString().equals("status_update"), Duration.ofSeconds(20));
                assertThat(missed.path("status").asString()).isEqualTo("assigned");
                assertThat(missed.path("epoch").asString())
                        .as("the new stream's")
                        .isNotEqualTo(had.path("epoch").asString());
                assertThat(member.drain(Duration.ofMillis(500)))
                        .as("nothing it had is sent again")
                        .isEmpty();
            }
        }
    }

    @Test
    void aNodeCutOffFromRedisLeavesItsCommittedChangesToTheOthers() {
        try (TcpProxy link = TcpProxy.to(redis.port());
                ClusterNodes cutOff = ClusterNodes.start("redis://127.0.0.1:" + link.port(), 1, settings());
                ClusterNodes other = ClusterNodes.start(redis.url(), 1, settings())) {
            awaitConnected(cutOff);
            awaitConnected(other);
            TestApi api = new TestApi(cutOff.port(0));
            TestUsers users = new TestUsers(api);
            Session customer = users.customer();
            Session admin = users.admin();
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
            String booking = created.text("id");
            try (TestSocket onCutOff = TestSocket.connected(cutOff.port(0), customer.accessToken());
                    TestSocket onOther = TestSocket.connected(other.port(0), customer.accessToken())) {
                onCutOff.join("booking:" + booking);
                onOther.join("booking:" + booking);

                link.cut();
                awaitDisconnected(cutOff, 0);
                assertThat(api.patch(
                                        "/api/v2/bookings/" + booking + "/status",
                                        admin.accessToken(),
                                        body("status", "confirmed"))
                                .status())
                        .isEqualTo(200);

                assertThat(onCutOff.nextOfType("status_update").path("status").asString())
                        .as("its own, at once")
                        .isEqualTo("confirmed");
                JsonNode elsewhere = onOther.nextMatching(
                        frame -> frame.path("type").asString().equals("status_update"), Duration.ofSeconds(15));
                assertThat(elsewhere.path("status").asString())
                        .as("the other node's, while the cut lasts")
                        .isEqualTo("confirmed");
                assertThat(cutOff.context(0).getBean(RedisConnections.class).connected())
                        .isFalse();
                link.mend();
            }
        }
    }
}
